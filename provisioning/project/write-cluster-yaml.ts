/**
 * Replaces a project's cluster.yaml in one step: the new text goes to a temporary file beside it, is synced, and
 * is renamed over the old one, so a crash leaves the old file or the new one, never half of either. The file's
 * mode is kept.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, rename, rm, stat } from 'node:fs/promises';

export async function writeClusterYaml(file: string, text: string): Promise<void> {
  const mode = (await stat(file)).mode & 0o777;
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await chmod(temp, mode);
  await rename(temp, file);
}
