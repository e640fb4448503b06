/**
 * The environment of a shell on the installer's own machine: the engine's, minus what only makes sense inside the
 * engine. ELECTRON_RUN_AS_NODE (set in Electron's helpers) would make every Electron app started from the shell run
 * as bare Node; NODE_OPTIONS carries the engine's own loader and flags (tsx, --inspect …) into every node the user
 * starts there.
 */

const ENGINE_ONLY = ['ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS'];

export function localShellEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !ENGINE_ONLY.includes(name)) clean[name] = value;
  }
  // What the face's xterm understands, whatever terminal the engine itself was started from.
  clean.TERM = 'xterm-256color';
  clean.COLORTERM = 'truecolor';
  return clean;
}
