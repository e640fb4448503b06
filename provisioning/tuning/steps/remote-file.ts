/**
 * Reading and writing whole files on a host, as root, through the quoting helper: the path and the content
 * travel as quoted arguments, and writes go to a temporary file renamed into place (never half a file).
 */
import { sh, shScript } from '../../ssh/shell-quote.ts';
import type { StepContext } from '../../engine/step.ts';

const ABSENT = 'picket:absent';

/** The file's content, or null when it does not exist. */
export async function readRemoteFile(ctx: StepContext, path: string): Promise<string | null> {
  const out = await ctx.must(shScript(`if [ -e "$1" ]; then printf 'present\\n'; cat -- "$1"; else printf '%s\\n' '${ABSENT}'; fi`, 'picket-read', path), `read ${path}`);
  if (out.startsWith(`${ABSENT}\n`)) return null;
  return out.slice('present\n'.length);
}

export async function writeRemoteFile(ctx: StepContext, path: string, content: string, mode = '0644'): Promise<void> {
  await ctx.must(
    shScript(
      'set -e; mkdir -p -- "$(dirname -- "$1")"; printf %s "$2" > "$1.picket-new"; chmod "$3" "$1.picket-new"; mv -f -- "$1.picket-new" "$1"',
      'picket-write',
      path,
      content,
      mode,
    ),
    `write ${path}`,
  );
}

/** The folders above `path` that do not exist yet, outermost first: a write will create them, a revert removes them. */
export async function missingParents(ctx: StepContext, path: string): Promise<string[]> {
  const out = await ctx.must(
    shScript('d=$(dirname -- "$1"); while [ ! -d "$d" ]; do printf "%s\\n" "$d"; d=$(dirname -- "$d"); done', 'picket-parents', path),
    `look above ${path}`,
  );
  return out.split('\n').filter(Boolean).reverse();
}

/** Removes a file and then, innermost first, the folders Picket created for it (only if they are empty). */
export async function removeRemoteFile(ctx: StepContext, path: string, createdParents: string[] = []): Promise<void> {
  await ctx.must(sh`rm -f -- ${path}`, `remove ${path}`);
  for (const dir of [...createdParents].reverse()) await ctx.run(sh`rmdir -- ${dir}`, `remove ${dir} if empty`);
}
