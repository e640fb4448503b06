/**
 * The engine the bench measures, in a process of its own so that its memory is its own: `picket serve` serving
 * the bench page, with the bench session open. It prints one JSON line ({ url }) once listening, prints the flood
 * when a line "go" arrives on stdin, and stops at "quit" (or when stdin closes).
 *
 *   node bin/run-ts.mjs bench/terminal/engine-process.ts --page DIR --bytes N
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startPicketServer } from '../../provisioning/server/picket-server.ts';
import { benchSession } from './bench-session.ts';

const { values } = parseArgs({ options: { page: { type: 'string' }, bytes: { type: 'string' } } });
if (!values.page || !values.bytes) {
  console.error('usage: engine-process.ts --page DIR --bytes N');
  process.exit(2);
}

let go!: () => void;
const started = new Promise<void>((resolve) => (go = resolve));
const server = await startPicketServer({ staticRoot: values.page, log: (line) => console.error(line) });
server.engine.setSession(benchSession(Number(values.bytes), started));
console.log(JSON.stringify({ url: server.url }));

const stop = async () => {
  await server.close();
  process.exit(0);
};
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'go') go();
  if (line.trim() === 'quit') void stop();
});
lines.on('close', () => void stop());
