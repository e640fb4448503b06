import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TerminalExit } from './terminal-session.ts';
import { StepLogSession } from './step-log-session.ts';

async function logFile(content?: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'picket-steplog-')), 'step.log');
  if (content !== undefined) await writeFile(file, content);
  return file;
}

function follow(file: string, isWriting: () => boolean) {
  const session = new StepLogSession({ file, isWriting, followIntervalMs: 5 });
  const chunks: Buffer[] = [];
  let resolveExit!: (exit: TerminalExit) => void;
  const exited = new Promise<TerminalExit>((resolve) => (resolveExit = resolve));
  session.onExit(resolveExit);
  session.onOutput((chunk) => chunks.push(chunk));
  return { session, exited, text: () => Buffer.concat(chunks).toString('utf8'), chunks };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
};

describe('StepLogSession', () => {
  it('replays a finished step’s whole log in reads of at most 64 KiB, then ends with no code', async () => {
    const content = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`).join('');
    const log = follow(await logFile(content), () => false);
    expect(await log.exited).toEqual({ code: null, signal: null });
    expect(log.text()).toBe(content);
    expect(Math.max(...log.chunks.map((c) => c.length))).toBeLessThanOrEqual(64 * 1024);
    expect(log.session.readOnly).toBe(true);
  });

  it('follows a log while its run writes to it (created late included), and ends once the run is over', async () => {
    const file = await logFile();
    let writing = true;
    const log = follow(file, () => writing);
    await new Promise((r) => setTimeout(r, 20));
    await appendFile(file, 'checking\n');
    await until(() => log.text() === 'checking\n');
    await appendFile(file, 'applying\n');
    await until(() => log.text().endsWith('applying\n'));
    await appendFile(file, 'verified\n');
    writing = false;
    await log.exited;
    expect(log.text()).toBe('checking\napplying\nverified\n');
  });

  it('reads nothing while paused, and goes on where it was on resume', async () => {
    const file = await logFile('one\n');
    let writing = true;
    const log = follow(file, () => writing);
    await until(() => log.text() === 'one\n');
    log.session.pause();
    await appendFile(file, 'two\n');
    await new Promise((r) => setTimeout(r, 40));
    expect(log.text()).toBe('one\n');
    writing = false;
    log.session.resume();
    await log.exited;
    expect(log.text()).toBe('one\ntwo\n');
  });

  it('stops at close, and reports no exit after it', async () => {
    const log = follow(await logFile('x'), () => true);
    await until(() => log.text() === 'x');
    let heard = false;
    void log.exited.then(() => (heard = true));
    log.session.close();
    await new Promise((r) => setTimeout(r, 30));
    expect(heard).toBe(false);
  });
});
