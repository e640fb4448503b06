/**
 * A double of the machine lab.available and lab.start look at, and of the lab module they drive: a platform, a
 * uid, which tools are installed, and a lab whose `up` records each call and "boots" hosts laid out as the real
 * lab lays them out (lab-N, 198.18.k.(4N+2)), logging a line per host, or fails as it is told.
 */
import type { LabMachine, LabModule, LabModuleHost } from '../../provisioning/server/handlers/lab-handlers.ts';

export interface LabMachineDoubleOptions {
  platform?: NodeJS.Platform;
  uid?: number | undefined;
  /** The checkout has no test/lab: loading it rejects. */
  noLab?: boolean;
  /** Tools this machine lacks. */
  missing?: string[];
  /** Hosts already running before any start. */
  running?: number;
  /** What `up` throws, instead of starting hosts. */
  upFails?: Error;
  /** Holds `up` until released, to catch a start in the middle. */
  gated?: boolean;
}

export class LabMachineDouble implements LabMachine {
  readonly platform: NodeJS.Platform;
  readonly uid: number | undefined;
  /** The count of every `up` call, in order. */
  readonly upCalls: number[] = [];
  loads = 0;
  private hosts: LabModuleHost[];
  private release: () => void = () => undefined;
  private readonly gate: Promise<void>;

  constructor(private readonly options: LabMachineDoubleOptions = {}) {
    this.platform = options.platform ?? 'linux';
    this.uid = 'uid' in options ? options.uid : 0;
    this.hosts = Array.from({ length: options.running ?? 0 }, (_, i) => labHost(i + 1));
    this.gate = options.gated ? new Promise((r) => (this.release = r)) : Promise.resolve();
  }

  /** Lets a gated `up` finish. */
  releaseUp(): void {
    this.release();
  }

  hasCommand(command: string): boolean {
    return !(this.options.missing ?? []).includes(command);
  }

  async loadLab(): Promise<LabModule> {
    this.loads++;
    if (this.options.noLab) throw new Error("Cannot find module '/app/test/lab/lab.ts'");
    return {
      up: async (count, log) => {
        this.upCalls.push(count);
        await this.gate;
        if (this.options.upFails) throw this.options.upFails;
        for (let i = this.hosts.length + 1; i <= count; i++) log(`lab-${i} up at ${labHost(i).address}`);
        this.hosts = Array.from({ length: count }, (_, i) => labHost(i + 1));
        return { hosts: [...this.hosts] };
      },
      readLabHosts: async () => {
        if (this.hosts.length === 0) throw new Error('ENOENT: no hosts.json');
        return { hosts: [...this.hosts] };
      },
    };
  }
}

function labHost(index: number): LabModuleHost {
  return { name: `lab-${index}`, address: `198.18.8.${index * 4 + 2}`, port: 22, user: 'root', identityFile: '/work/.lab/keys/id_ed25519' };
}
