/**
 * File transfer over SFTP with progress, proven by a sha256 computed on the far side (sha256sum) and compared
 * with the local one. A mismatch is an error naming both digests.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { HostConnection } from './connection.ts';
import { HostError } from './host-error.ts';
import { sh } from './shell-quote.ts';

export interface TransferProgress {
  transferred: number;
  total: number;
}

export async function localSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function remoteSha256(connection: HostConnection, path: string): Promise<string> {
  const out = await connection.run(sh`sha256sum -- ${path}`, { purpose: `sha256 of ${path}` });
  const digest = /^([0-9a-f]{64})\b/.exec(out.trim());
  if (!digest?.[1]) throw new HostError(connection.label, 'protocol', `unexpected sha256sum output for ${path}`);
  return digest[1];
}

export async function upload(
  connection: HostConnection,
  localPath: string,
  remotePath: string,
  onProgress?: (progress: TransferProgress) => void,
): Promise<{ bytes: number; sha256: string }> {
  const { size } = await stat(localPath);
  const sftp = await connection.sftp();
  try {
    await new Promise<void>((resolve, reject) => {
      sftp.fastPut(localPath, remotePath, { step: (transferred, _chunk, total) => onProgress?.({ transferred, total }) }, (error) =>
        error ? reject(new HostError(connection.label, 'protocol', `upload of ${localPath} to ${remotePath} failed: ${error.message}`)) : resolve(),
      );
    });
  } finally {
    sftp.end();
  }
  const [mine, theirs] = await Promise.all([localSha256(localPath), remoteSha256(connection, remotePath)]);
  if (mine !== theirs) {
    throw new HostError(connection.label, 'protocol', `upload of ${remotePath} is corrupt: sha256 ${theirs} on the host, ${mine} here`);
  }
  onProgress?.({ transferred: size, total: size });
  return { bytes: size, sha256: mine };
}

export async function download(
  connection: HostConnection,
  remotePath: string,
  localPath: string,
  onProgress?: (progress: TransferProgress) => void,
): Promise<{ bytes: number; sha256: string }> {
  const sftp = await connection.sftp();
  try {
    await new Promise<void>((resolve, reject) => {
      sftp.fastGet(remotePath, localPath, { step: (transferred, _chunk, total) => onProgress?.({ transferred, total }) }, (error) =>
        error ? reject(new HostError(connection.label, 'protocol', `download of ${remotePath} failed: ${error.message}`)) : resolve(),
      );
    });
  } finally {
    sftp.end();
  }
  const [mine, theirs] = await Promise.all([localSha256(localPath), remoteSha256(connection, remotePath)]);
  if (mine !== theirs) {
    throw new HostError(connection.label, 'protocol', `download of ${remotePath} is corrupt: sha256 ${theirs} on the host, ${mine} here`);
  }
  return { bytes: (await stat(localPath)).size, sha256: mine };
}
