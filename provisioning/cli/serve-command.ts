/**
 * `picket serve`: the browser face. Serves the UI and the engine's WebSocket on 127.0.0.1 with a fresh token, prints
 * the one URL to open, and runs until Ctrl-C (which cancels a run in progress, journaled, before stopping).
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { formatSpecError } from '../project/spec-error.ts';
import { openProjectAt } from '../server/handlers/project-handlers.ts';
import { defaultLastProjectFile } from '../server/last-project.ts';
import { listenRisk } from '../server/listen-address.ts';
import { openInBrowser } from '../server/open-browser.ts';
import { startPicketServer } from '../server/picket-server.ts';
import { toEngineError } from '../server/request-failure.ts';
import { UsageError } from './usage-error.ts';

export const SERVE_USAGE = `usage: picket serve [--port N] [--listen ADDR] [--open] [-f cluster.yaml]

Serves the browser UI and the engine on http://127.0.0.1:PORT with a fresh access token, and prints the one URL
to open. Ctrl-C stops it (a run in progress is cancelled and journaled first; rerun apply to resume it).
  --port N         port to listen on (default: a free one)
  --listen ADDR    an IP address other than 127.0.0.1 (risky: prints why; prefer an SSH tunnel)
  --open           open the UI in the desktop's browser (xdg-open)
  -f FILE          open this project's cluster.yaml at start (default: the project opened last, if it still opens)`;

function port(text: string | undefined): number {
  if (text === undefined) return 0;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new UsageError(`--port must be 0-65535 (0: a free port), got ${text}`);
  return value;
}

function listenAddress(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // Host names are refused: the server answers only to IP literals (DNS-rebinding defence).
  if (!isIP(text)) throw new UsageError(`--listen must be an IP address (e.g. 127.0.0.1 or 0.0.0.0), got ${text}`);
  return text;
}

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      listen: { type: 'string' },
      open: { type: 'boolean' },
      file: { type: 'string', short: 'f' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(SERVE_USAGE);
    return 0;
  }
  const listen = listenAddress(values.listen);
  const risk = listen === undefined ? null : listenRisk(listen);
  if (risk) console.error(risk);

  const server = await startPicketServer({
    port: port(values.port),
    ...(listen ? { listen } : {}),
    lastProjectFile: defaultLastProjectFile(),
    reopenLastProject: values.file === undefined,
  });
  console.log(`picket serve: open ${server.url}`);
  if (values.file) {
    try {
      const project = await openProjectAt(server.engine, values.file);
      console.log(`project ${project.name} (${project.file}): ${project.hosts.length} host(s)`);
    } catch (error) {
      const failure = toEngineError(error);
      const lines = failure.specErrors?.map(formatSpecError) ?? [failure.message];
      for (const line of lines) console.error(`✗ ${line}`);
      console.error('the project is not open: fix it and open it from the UI');
    }
  }
  const opening = values.open ? await openInBrowser(server.url) : undefined;
  if (opening) console.log(opening.message);
  console.log('Ctrl-C stops it.');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) {
        console.error('picket serve: stopping now');
        process.exit(130);
      }
      stopping = true;
      console.error('\npicket serve: stopping (cancelling any run in progress; Ctrl-C again to force)');
      server
        .close()
        .then(() => opening?.cleanup())
        .finally(() => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(0);
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
