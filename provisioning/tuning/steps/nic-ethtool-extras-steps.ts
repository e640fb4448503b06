/**
 * The remaining capture NIC settings that only some drivers take: pause frames off (they hide drops upstream),
 * private flags off (i40e's Flow Director ATR reorders packets), fixed interrupt coalescing, and symmetric RSS
 * (both directions of a flow to one queue, so one worker sees the whole conversation).
 */
import { argv, sh } from '../../ssh/shell-quote.ts';
import { stepId, type Json, type Step, type StepContext } from '../../engine/step.ts';
import type { SymmetricRss } from '../plan/host-tuning-plan.ts';
import { refuseManagementNic } from './management-guard.ts';

/** Parses `ethtool -a`, `-c` or `--show-priv-flags` style "Name: value" lines. */
export function parseColonPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([^:]+?)\s*:\s*(\S.*?)\s*$/.exec(line);
    if (m) out[m[1]!.toLowerCase()] = m[2]!;
  }
  return out;
}

interface EthtoolSetting {
  name: string;
  title: string;
  read: (nic: string) => ReturnType<typeof sh>;
  /** Current values of the keys this step manages, from the read output. */
  current: (pairs: Record<string, string>) => Record<string, string>;
  wanted: Record<string, string>;
  write: (nic: string, values: Record<string, string>) => ReturnType<typeof sh>;
}

function ethtoolSettingStep(phase: string, host: string, nic: string, setting: EthtoolSetting): Step {
  const read = async (ctx: StepContext) => {
    const out = await ctx.run(setting.read(nic), `read ${setting.name} of ${nic}`);
    return out.exitCode === 0 ? setting.current(parseColonPairs(out.stdout)) : null;
  };
  const diff = (current: Record<string, string>) => Object.keys(setting.wanted).filter((k) => current[k] !== undefined && current[k] !== setting.wanted[k]);
  return {
    id: stepId(phase, host, `${nic}-${setting.name}`),
    title: `${nic}: ${setting.title}`,
    host,
    phase,
    needs: [],
    async check(ctx) {
      await refuseManagementNic(ctx, nic);
      const current = await read(ctx);
      if (current === null || Object.keys(current).length === 0) return { state: 'not-permitted', reason: `the ${nic} driver does not report ${setting.name}` };
      const d = diff(current);
      return d.length ? { state: 'changes', changes: d.map((k) => `${nic} ${k}: ${current[k]} -> ${setting.wanted[k]}`) } : { state: 'in-sync' };
    },
    async capture(ctx): Promise<Json> {
      return (await read(ctx)) ?? {};
    },
    async apply(ctx) {
      await refuseManagementNic(ctx, nic);
      await ctx.must(setting.write(nic, setting.wanted), `set ${setting.name} of ${nic}`);
    },
    async verify(ctx) {
      const current = (await read(ctx)) ?? {};
      return diff(current).map((k) => `${nic} ${k} is ${current[k]}, planned ${setting.wanted[k]}`);
    },
    async revert(ctx, originals) {
      await refuseManagementNic(ctx, nic);
      const before = originals as Record<string, string>;
      if (Object.keys(before).length) await ctx.must(setting.write(nic, before), `restore ${setting.name} of ${nic}`);
    },
  };
}

const onOff = (v: string) => (/^on\b/.test(v) ? 'on' : 'off');

export function pauseFramesOffStep(phase: string, host: string, nic: string): Step {
  return ethtoolSettingStep(phase, host, nic, {
    name: 'pause',
    title: 'pause frames off',
    read: (n) => sh`ethtool -a ${n}`,
    current: (p) => Object.fromEntries(['rx', 'tx'].filter((k) => p[k] !== undefined).map((k) => [k, onOff(p[k]!)])),
    wanted: { rx: 'off', tx: 'off' },
    write: (n, v) => argv(['ethtool', '-A', n, ...Object.entries(v).flat()]),
  });
}

export function privateFlagsOffStep(phase: string, host: string, nic: string, flags: string[]): Step {
  for (const f of flags) if (!/^[a-z0-9-]+$/.test(f)) throw new Error(`unexpected private flag ${JSON.stringify(f)}`);
  return ethtoolSettingStep(phase, host, nic, {
    name: 'priv-flags',
    title: `private flags off (${flags.join(', ')})`,
    read: (n) => sh`ethtool --show-priv-flags ${n}`,
    current: (p) => Object.fromEntries(flags.filter((f) => p[f] !== undefined).map((f) => [f, onOff(p[f]!)])),
    wanted: Object.fromEntries(flags.map((f) => [f, 'off'])),
    write: (n, v) => argv(['ethtool', '--set-priv-flags', n, ...Object.entries(v).flat()]),
  });
}

export function coalescingStep(phase: string, host: string, nic: string, rxUsecs: number): Step {
  return ethtoolSettingStep(phase, host, nic, {
    name: 'coalescing',
    title: `interrupt coalescing fixed at ${rxUsecs} µs`,
    read: (n) => sh`ethtool -c ${n}`,
    current: (p) => ({
      ...(p['adaptive rx'] !== undefined ? { 'adaptive-rx': onOff(p['adaptive rx']) } : {}),
      ...(p['rx-usecs'] !== undefined ? { 'rx-usecs': p['rx-usecs'] } : {}),
    }),
    wanted: { 'adaptive-rx': 'off', 'rx-usecs': String(rxUsecs) },
    write: (n, v) => argv(['ethtool', '-C', n, ...Object.entries(v).flat()]),
  });
}

/** The low-entropy Toeplitz key (0x6d5a repeated) that hashes A->B and B->A alike, sized to the NIC's key. */
export function symmetricKey(length: number): string {
  return Array.from({ length }, (_, i) => (i % 2 === 0 ? '6d' : '5a')).join(':');
}

export function symmetricRssStep(phase: string, host: string, nic: string, method: SymmetricRss): Step {
  const keyLength = (text: string) => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => /^RSS hash key:/i.test(l));
    const key = at >= 0 ? (lines[at + 1] ?? '').trim() : '';
    return /^[0-9a-f]{2}(:[0-9a-f]{2})+$/i.test(key) ? { key: key.toLowerCase(), length: key.split(':').length } : null;
  };
  const read = async (ctx: StepContext) => {
    const out = await ctx.run(sh`ethtool -x ${nic}`, `read RSS of ${nic}`);
    return out.exitCode === 0 ? { parsed: keyLength(out.stdout), xfrm: /symmetric-xor:\s+on/i.test(out.stdout) } : null;
  };
  const inSync = (r: NonNullable<Awaited<ReturnType<typeof read>>>) =>
    method === 'xor' ? r.xfrm : r.parsed !== null && r.parsed.key === symmetricKey(r.parsed.length);
  return {
    id: stepId(phase, host, `${nic}-rss`),
    title: `${nic}: symmetric RSS (${method === 'xor' ? 'symmetric-xor' : 'low-entropy Toeplitz key'})`,
    host,
    phase,
    needs: [],
    async check(ctx) {
      await refuseManagementNic(ctx, nic);
      const r = await read(ctx);
      if (!r || (method === 'low-entropy-key' && !r.parsed)) return { state: 'not-permitted', reason: `the ${nic} driver does not expose its RSS hash key` };
      return inSync(r) ? { state: 'in-sync' } : { state: 'changes', changes: [`${nic}: RSS made symmetric`] };
    },
    async capture(ctx): Promise<Json> {
      const r = await read(ctx);
      return { key: r?.parsed?.key ?? null, xfrm: r?.xfrm ?? false };
    },
    async apply(ctx) {
      await refuseManagementNic(ctx, nic);
      const r = await read(ctx);
      if (method === 'xor') await ctx.must(sh`ethtool -X ${nic} hfunc toeplitz xfrm symmetric-xor`, `symmetric-xor RSS on ${nic}`);
      else await ctx.must(sh`ethtool -X ${nic} hkey ${symmetricKey(r?.parsed?.length ?? 40)} hfunc toeplitz`, `symmetric RSS key on ${nic}`);
    },
    async verify(ctx) {
      const r = await read(ctx);
      return r && inSync(r) ? [] : [`${nic}: RSS is not symmetric`];
    },
    async revert(ctx, originals) {
      await refuseManagementNic(ctx, nic);
      const before = originals as { key: string | null; xfrm: boolean };
      if (method === 'xor' && !before.xfrm) await ctx.must(sh`ethtool -X ${nic} xfrm none`, `RSS transform of ${nic}`);
      if (method === 'low-entropy-key' && before.key) await ctx.must(sh`ethtool -X ${nic} hkey ${before.key}`, `RSS key of ${nic}`);
    },
  };
}
