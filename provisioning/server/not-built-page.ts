/** What `picket serve` shows when the browser UI has not been built: what is missing and how to build it. */
export function notBuiltPage(staticRoot: string): string {
  const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Picket: the UI is not built</title>
    <style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 4rem auto; padding: 0 1rem; } code { background: #eee; padding: 0 .25rem; }</style>
  </head>
  <body>
    <h1>The browser UI is not built yet</h1>
    <p>picket serve is running, but found no built UI in <code>${escape(staticRoot)}</code>.</p>
    <p>Build it from the Picket checkout with <code>npm run build:ui</code>,
      then reload this page (the server need not be restarted).</p>
    <p>Meanwhile the CLI does everything the UI will: <code>npx picket --help</code>.</p>
  </body>
</html>
`;
}
