#!/usr/bin/env node
// `npm run lab -- up|down|status`: local test hosts (systemd-nspawn) for trying Picket without hardware.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../test/lab/cli.ts');
process.exitCode = await main(process.argv.slice(2));
