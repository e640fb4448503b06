// Module resolution hook: the bare specifier 'electron' resolves to the main-process double, so the built
// main.js runs in plain Node. Registered by electron-double-register.mjs.
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('./electron-main-double.ts', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
