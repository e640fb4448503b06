/** `npm run lab -- up [--hosts N] | down | status | restart NAME | spec [--out DIR]`: the lab of local test hosts. */
import { parseArgs } from 'node:util';
import { hostLayout, HOSTS_FILE, MAX_HOSTS } from './lab-layout.ts';
import { labSpec } from './lab-spec.ts';
import { down, readLabHosts, restartHost, status, up, type LabHost } from './lab.ts';

const USAGE = `usage: npm run lab -- <command>
  up [--hosts N]   boot N Debian 12 test hosts (default 3, at most ${MAX_HOSTS}); writes .lab/hosts.json
  down             remove every lab host, mount, link and route (also after a crash)
  status           list the lab's hosts and whether their sshd answers
  restart NAME     power a host off and boot it again (its disk state is kept)
  spec [--out DIR] [--hosts N]
                   a cluster.yaml for the running lab (first host server + data, the others sensors on cap0
                   and cap1 by name + MAC): printed (npm run -s lab -- spec > cluster.yaml), or written with
                   the hosts' pinned keys into a new project folder DIR; --hosts N takes the first N hosts
Needs root, systemd-container, debootstrap, iproute2 and openssh-client.`;

export async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { hosts: { type: 'string', short: 'n' }, out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  const log = (line: string) => console.log(line);
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (process.getuid?.() !== 0) {
    console.error('lab: needs root (it boots containers and creates network links); run it as root');
    return 1;
  }
  try {
    switch (command) {
      case 'up': {
        const count = Number(values.hosts ?? 3);
        if (!Number.isInteger(count) || count < 1 || count > MAX_HOSTS) {
          console.error(`lab: --hosts must be a whole number from 1 to ${MAX_HOSTS}, got ${values.hosts}`);
          return 2;
        }
        const file = await up(count, log);
        console.log(`${file.hosts.length} lab hosts up; connection details in ${HOSTS_FILE}`);
        return 0;
      }
      case 'down':
        await down(log);
        console.log('lab down: no host, mount, link or route left');
        return 0;
      case 'status': {
        const rows = await status();
        if (rows.length === 0) console.log('no lab hosts (run: npm run lab -- up)');
        for (const r of rows) console.log(`${r.name}\t${r.address}\t${r.running ? 'running' : 'stopped'}\t${r.sshAnswers ? 'ssh ok' : 'ssh not answering'}`);
        return 0;
      }
      case 'restart': {
        const m = /^lab-(\d+)$/.exec(rest[0] ?? '');
        if (!m) {
          console.error('lab: restart needs a host name such as lab-2');
          return 2;
        }
        await restartHost(hostLayout(Number(m[1])), log);
        return 0;
      }
      case 'spec': {
        let hosts: LabHost[];
        try {
          hosts = (await readLabHosts()).hosts;
        } catch {
          console.error(`lab: no lab hosts (${HOSTS_FILE} is missing): start them with npm run lab -- up`);
          return 1;
        }
        if (values.hosts !== undefined) {
          const count = Number(values.hosts);
          if (!Number.isInteger(count) || count < 1 || count > hosts.length) {
            console.error(`lab: --hosts must be a whole number from 1 to ${hosts.length} (the hosts that are up), got ${values.hosts}`);
            return 2;
          }
          hosts = hosts.slice(0, count);
        }
        // Progress goes to stderr: stdout is the cluster.yaml alone.
        const text = await labSpec({ hosts, ...(values.out === undefined ? {} : { out: values.out }), log: (line) => console.error(line) });
        if (values.out === undefined) process.stdout.write(text);
        return 0;
      }
      default:
        console.error(`lab: unknown command ${JSON.stringify(command)}\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    console.error(`lab: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
