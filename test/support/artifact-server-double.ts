/**
 * A loopback HTTP server standing in for the artifact hosts of a bundle lock (GitHub releases, dl.k8s.io, …),
 * which this machine cannot reach. It serves in-memory files with Range support like those hosts do, records
 * every request, and can misbehave on purpose: drop the connection after N bytes, or serve one wrong byte.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  body: Buffer;
  /** Close the connection after sending this many body bytes, on the first `dropTimes` requests. */
  dropAfter?: number;
  dropTimes?: number;
  /** Flip one byte at this offset in what is sent (the pin no longer matches). */
  corruptAt?: number;
  /** Answer every request with the whole file (200), as a server without Range support does. */
  ignoreRange?: boolean;
}

export interface RecordedRequest {
  path: string;
  range: string | undefined;
  status: number;
  bytesSent: number;
}

export interface ArtifactServerDouble {
  url(path: string): string;
  requests: RecordedRequest[];
  /** Body bytes sent for one path over all its requests. */
  bytesSent(path: string): number;
  close(): Promise<void>;
}

function sendBody(res: ServerResponse, body: Buffer, dropAfter: number | undefined, record: RecordedRequest): void {
  if (dropAfter === undefined || dropAfter >= body.length) {
    record.bytesSent = body.length;
    res.end(body);
    return;
  }
  record.bytesSent = dropAfter;
  // Send part of the body, then cut the TCP connection mid-response, as a flaky uplink does.
  res.write(body.subarray(0, dropAfter), () => res.socket?.destroy());
}

export async function startArtifactServerDouble(files: Record<string, ServedFile>): Promise<ArtifactServerDouble> {
  const requests: RecordedRequest[] = [];
  const drops = new Map<string, number>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const record: RecordedRequest = { path, range: req.headers.range, status: 0, bytesSent: 0 };
    requests.push(record);
    const file = files[path];
    if (!file) {
      record.status = 404;
      res.writeHead(404).end('not found');
      return;
    }
    let body = file.body;
    if (file.corruptAt !== undefined) {
      body = Buffer.from(body);
      body.writeUInt8(body.readUInt8(file.corruptAt) ^ 0xff, file.corruptAt);
    }
    const dropped = drops.get(path) ?? 0;
    const dropAfter = file.dropAfter !== undefined && dropped < (file.dropTimes ?? 1) ? file.dropAfter : undefined;
    if (dropAfter !== undefined) drops.set(path, dropped + 1);

    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && !file.ignoreRange) {
      const start = Number(range[1]);
      if (start >= body.length) {
        record.status = 416;
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      record.status = 206;
      res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, 'accept-ranges': 'bytes' });
      sendBody(res, body.subarray(start), dropAfter, record);
      return;
    }
    record.status = 200;
    res.writeHead(200, { 'content-length': body.length, 'accept-ranges': file.ignoreRange ? 'none' : 'bytes' });
    sendBody(res, body, dropAfter, record);
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    bytesSent: (path) => requests.filter((r) => r.path === path).reduce((sum, r) => sum + r.bytesSent, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
