#!/usr/bin/env node
// `npm start`: builds the UI and the desktop app's bundles, then opens Picket: the desktop window where Electron
// can start here, else — saying why in one line — the same UI in the browser on loopback (picket serve --open).
// Arguments go to either (e.g. `npm start -- -f site/cluster.yaml`).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { launchFacts, whyNoDesktopWindow } = await import('../electron/launch-decision.ts');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const facts = launchFacts();
const why = whyNoDesktopWindow(facts);
if (why) console.log(`picket: no desktop window here — ${why}; serving the UI in your browser instead`);

const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const builds = [
  ['build', '--logLevel', 'warn'],
  ['build', '-c', 'electron/vite.config.ts', '--mode', 'main', '--logLevel', 'warn'],
  ['build', '-c', 'electron/vite.config.ts', '--mode', 'preload', '--logLevel', 'warn'],
];
for (const build of builds) {
  const built = spawnSync(process.execPath, [vite, ...build], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

function serve() {
  const served = spawnSync(process.execPath, [join(root, 'bin', 'picket.mjs'), 'serve', '--open', ...args], { cwd: root, stdio: 'inherit' });
  process.exit(served.status ?? 0);
}

if (why) serve();
else {
  // Electron started as plain Node would not open a window.
  const { ELECTRON_RUN_AS_NODE: _asNode, ...env } = process.env;
  const desktop = spawn(facts.electron.path, [root, ...args], { cwd: root, stdio: 'inherit', env });
  desktop.on('error', (error) => {
    console.log(`picket: the desktop window did not start (${error.message}); serving the UI in your browser instead`);
    serve();
  });
  desktop.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  // Ctrl-C reaches the window's process from the terminal itself; a SIGTERM sent to npm start is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => desktop.kill('SIGTERM'));
}
