/**
 * The project's pinned host keys, in OpenSSH known_hosts format (so `ssh -o UserKnownHostsFile=` can use the
 * same file). A host is identified by address and port; `[addr]:port` is used for ports other than 22.
 * Lookups answer match, mismatch (with the pinned fingerprints) or unknown; a mismatch is never accepted here.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostKeyType, sha256Fingerprint } from './host-key.ts';

export type KnownHostStatus =
  | { status: 'match' }
  | { status: 'mismatch'; pinned: { type: string; fingerprint: string }[] }
  | { status: 'unknown' };

interface Entry {
  names: string[];
  type: string;
  blob: Buffer;
  revoked: boolean;
}

export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function parse(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      if (fields[0] !== '@revoked') continue; // @cert-authority lines pin no single key
      revoked = true;
      fields.shift();
    }
    const [names, type, key] = fields;
    if (!names || !type || !key) continue;
    entries.push({ names: names.split(','), type, blob: Buffer.from(key, 'base64'), revoked });
  }
  return entries;
}

export class KnownHosts {
  constructor(readonly file: string) {}

  private async entries(): Promise<Entry[]> {
    try {
      return parse(await readFile(this.file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async check(host: string, port: number, blob: Buffer): Promise<KnownHostStatus> {
    const name = knownHostName(host, port);
    const mine = (await this.entries()).filter((e) => e.names.includes(name));
    if (mine.some((e) => e.revoked && e.blob.equals(blob))) {
      return { status: 'mismatch', pinned: [] };
    }
    const pinned = mine.filter((e) => !e.revoked);
    if (pinned.some((e) => e.blob.equals(blob))) return { status: 'match' };
    // A pinned key of another algorithm also means the host is known: offering a different key is a mismatch.
    if (pinned.length > 0) {
      return { status: 'mismatch', pinned: pinned.map((e) => ({ type: e.type, fingerprint: sha256Fingerprint(e.blob) })) };
    }
    return { status: 'unknown' };
  }

  async add(host: string, port: number, blob: Buffer): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    await appendFile(this.file, `${knownHostName(host, port)} ${hostKeyType(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
  }
}
