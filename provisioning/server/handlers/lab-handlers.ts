/**
 * lab.available and lab.start: local test hosts (the lab of test/lab, Debian in systemd-nspawn) for trying the
 * whole flow without hardware. Nothing here runs unless a face asks: the server never starts hosts by itself.
 *
 * The lab lives in the checkout's test folder, which a packaged app does not ship, so it is imported only when
 * asked for, and a failed import means "this build has no lab". It needs Linux and root (it makes network links
 * and boots containers), so it is offered only then, and only to a face on this machine: the hosts, and the key
 * file their rows name, are on it.
 */
import { spawnSync } from 'node:child_process';
import type { LabAvailability, LabStartedHost, ParsedLabStart } from '../../contract/lab-requests.ts';
import type { RequestHandlers } from '../dispatch-request.ts';
import type { EngineService } from '../engine-service.ts';
import type { Face } from '../face.ts';
import { RequestFailure } from '../request-failure.ts';

/** A host as the lab's hosts.json lists it (only what lab.start passes on). */
export interface LabModuleHost {
  name: string;
  address: string;
  port: number;
  user: string;
  identityFile: string;
}

/** What the handlers use of test/lab/lab.ts. */
export interface LabModule {
  up(count: number, log: (line: string) => void): Promise<{ hosts: LabModuleHost[] }>;
  readLabHosts(): Promise<{ hosts: LabModuleHost[] }>;
}

/** The machine the engine runs on, as far as the lab cares. */
export interface LabMachine {
  platform: NodeJS.Platform;
  uid: number | undefined;
  /** Rejects when this build has no lab. */
  loadLab(): Promise<LabModule>;
  hasCommand(command: string): boolean;
}

/** Computed, so no bundler follows it into the test folder: the desktop build then simply has no lab. */
const LAB_MODULE = new URL('../../../test/lab/lab.ts', import.meta.url).href;

export const thisMachine: LabMachine = {
  platform: process.platform,
  uid: process.getuid?.(),
  loadLab: async () => (await import(/* @vite-ignore */ LAB_MODULE)) as LabModule,
  hasCommand: (command) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' }).status === 0,
};

/** The Debian package of each tool the lab runs, to say what to install. */
const TOOL_PACKAGES: Record<string, string> = {
  'systemd-nspawn': 'systemd-container',
  debootstrap: 'debootstrap',
  ip: 'iproute2',
  ssh: 'openssh-client',
  'ssh-keygen': 'openssh-client',
};
/** Besides systemd-nspawn (checked for availability): what starting needs (debootstrap builds the image once). */
const START_TOOLS = ['debootstrap', 'ssh', 'ssh-keygen', 'ip'];

function installHint(tools: string[]): string {
  const packages = [...new Set(tools.map((t) => TOOL_PACKAGES[t] ?? t))];
  return `apt-get install ${packages.join(' ')}`;
}

/** A lab step that ran a program this machine lacks fails with `<program>: spawn <program> ENOENT`: say what to install. */
function labFailure(error: unknown): RequestFailure {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /spawn (\S+) ENOENT/.exec(message)?.[1];
  if (missing !== undefined) {
    return new RequestFailure('LabToolMissing', `starting local test hosts needs ${missing}, which this machine lacks: ${installHint([missing])}`);
  }
  return new RequestFailure('LabStartFailed', `local test hosts did not start: ${message}`);
}

async function availability(machine: LabMachine, face: Face): Promise<{ lab?: LabModule; answer: LabAvailability }> {
  if (machine.platform !== 'linux') return { answer: { available: false, reason: 'not-linux', why: 'local test hosts need Linux (they are systemd-nspawn containers)' } };
  if (machine.uid !== 0) {
    return { answer: { available: false, reason: 'not-root', why: 'local test hosts need root (they boot containers and make network links): run Picket as root to offer them' } };
  }
  if (!face.onThisMachine) return { answer: { available: false, reason: 'remote-face', why: 'local test hosts are offered only to a window on the machine running Picket' } };
  let lab: LabModule;
  try {
    lab = await machine.loadLab();
  } catch {
    return { answer: { available: false, reason: 'no-lab', why: 'this build has no lab (it comes with a checkout of Picket, not with the packaged app)' } };
  }
  if (!machine.hasCommand('systemd-nspawn')) {
    return { answer: { available: false, reason: 'no-nspawn', why: `local test hosts need systemd-nspawn: ${installHint(['systemd-nspawn'])}` } };
  }
  return { lab, answer: { available: true } };
}

/** One start at a time per engine (faces share the lab): a second request while one runs is refused. */
const starting = new WeakSet<EngineService>();

async function start(engine: EngineService, face: Face, machine: LabMachine, { hosts: count }: ParsedLabStart): Promise<{ hosts: LabStartedHost[] }> {
  const { lab, answer } = await availability(machine, face);
  if (!lab) throw new RequestFailure('LabUnavailable', answer.why ?? 'local test hosts are not available here');
  const missing = START_TOOLS.filter((tool) => !machine.hasCommand(tool));
  if (missing.length > 0) {
    throw new RequestFailure('LabToolMissing', `starting local test hosts needs ${missing.join(', ')}, which this machine lacks: ${installHint(missing)}`);
  }
  if (starting.has(engine)) throw new RequestFailure('Busy', 'local test hosts are already starting: wait for them');
  starting.add(engine);
  const progress = (line: string) => face.send({ type: 'lab.progress', line });
  try {
    // Hosts already running stay: `up` converges on exactly N, and a smaller N would stop hosts in use.
    const running = (await lab.readLabHosts().catch(() => ({ hosts: [] }))).hosts.length;
    progress(`starting ${count} local test host${count === 1 ? '' : 's'}…`);
    const file = await lab.up(Math.max(count, running), progress).catch((error: unknown) => {
      throw labFailure(error);
    });
    const hosts = file.hosts.slice(0, count).map((h) => ({ name: h.name, address: h.address, port: h.port, user: 'root', identityFile: h.identityFile }));
    if (hosts.length < count) throw new RequestFailure('LabStartFailed', `local test hosts: asked for ${count}, the lab has ${hosts.length}`);
    progress(`${hosts.map((h) => h.name).join(', ')} answer SSH`);
    engine.log(`picket serve: started local test hosts ${hosts.map((h) => `${h.name} (${h.address})`).join(', ')}`);
    return { hosts };
  } finally {
    starting.delete(engine);
  }
}

export function labHandlers(engine: EngineService, face: Face, machine: LabMachine = thisMachine): Pick<RequestHandlers, 'lab.available' | 'lab.start'> {
  return {
    'lab.available': async () => (await availability(machine, face)).answer,
    'lab.start': (payload) => start(engine, face, machine, payload),
  };
}
