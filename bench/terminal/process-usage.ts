/**
 * What a process has used, as Linux counts it: resident memory now (VmRSS) and at its peak so far (VmHWM), in
 * bytes, and CPU time (user + system), in seconds.
 */
import { readFileSync } from 'node:fs';

export interface ProcessUsage {
  rss: number;
  peakRss: number;
  cpuSeconds: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

export function processUsage(pid: number): ProcessUsage {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  // Fields after the command name (which may hold spaces) start after its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return { rss: kB('VmRSS'), peakRss: kB('VmHWM'), cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND };
}
