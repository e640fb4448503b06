/**
 * The one page the desktop window shows: the built UI's index.html (a file: URL), or, while developing, the
 * page of a Vite dev server on loopback. isAppUrl says whether a URL is that page: the test that navigation and
 * every IPC sender are held to, so a page that is not the app's (a file elsewhere on disk, a remote site)
 * cannot reach the engine.
 */
import { pathToFileURL } from 'node:url';

export interface AppPage {
  /** What the window loads. */
  readonly url: string;
  isAppUrl(url: string): boolean;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The built UI: exactly this index.html (any query or fragment), nothing else on disk. */
export function builtAppPage(indexFile: string): AppPage {
  const index = pathToFileURL(indexFile);
  return {
    url: index.href,
    isAppUrl(url) {
      const candidate = parse(url);
      return candidate !== undefined && candidate.protocol === 'file:' && candidate.host === '' && candidate.pathname === index.pathname;
    },
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A dev server's page (PICKET_RENDERER_URL): only plain http on loopback, any path on that origin. */
export function devServerAppPage(serverUrl: string): AppPage {
  const server = parse(serverUrl);
  if (!server || server.protocol !== 'http:' || !LOOPBACK_HOSTS.has(server.hostname)) {
    throw new Error(`PICKET_RENDERER_URL must be an http:// URL on loopback (the Vite dev server, e.g. http://localhost:5173/), got ${serverUrl}`);
  }
  return {
    url: server.href,
    isAppUrl(url) {
      return parse(url)?.origin === server.origin;
    },
  };
}
