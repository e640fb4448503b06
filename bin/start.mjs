#!/usr/bin/env node
// `npm start`: builds the UI and opens Picket. The desktop window (Electron) is not wired to the engine yet, so
// this says so in one line and serves the same UI to the browser on loopback (picket serve --open).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronBinary = existsSync(join(root, 'node_modules', 'electron', 'path.txt'));
const why = !electronBinary
  ? "Electron's binary is not installed here"
  : !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
    ? 'there is no display'
    : 'the desktop window is not wired to the engine yet';
console.log(`picket: no desktop window (${why}); serving the UI in your browser instead`);

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const serve = spawnSync(process.execPath, [join(root, 'bin', 'picket.mjs'), 'serve', '--open', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(serve.status ?? 0);
