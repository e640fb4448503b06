/**
 * The project folder opened last, remembered in the user's config dir ($XDG_CONFIG_HOME/picket, else
 * ~/.config/picket) so `picket serve` started again without -f reopens it. Losing it only costs the user a click:
 * a failure to write it is logged, never fatal.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

export function defaultLastProjectFile(env: NodeJS.ProcessEnv = process.env): string {
  // The XDG spec says a relative (or empty) XDG_CONFIG_HOME is to be ignored.
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'picket', 'last-project.json');
}

export async function rememberLastProject(file: string, dir: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  // Written aside and renamed, so a crash never leaves half a file.
  const aside = `${file}.${process.pid}.tmp`;
  await writeFile(aside, `${JSON.stringify({ dir })}\n`, { mode: 0o600 });
  await rename(aside, file);
}

/** The folder remembered; undefined when none is (never opened one, or the file is unreadable or not ours). */
export async function recallLastProject(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const { dir } = JSON.parse(text) as { dir?: unknown };
    return typeof dir === 'string' && isAbsolute(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}
