import { describe, expect, it } from 'vitest';
import type { LabStartedHost } from '../../../provisioning/contract/lab-requests.ts';
import { labHostRows } from './lab-host-rows.ts';

const KEY = '/work/.lab/keys/id_ed25519';
const started: LabStartedHost[] = [1, 2, 3].map((i) => ({ name: `lab-${i}`, address: `198.18.8.${4 * i + 2}`, port: 22, user: 'root', identityFile: KEY }));

describe('labHostRows', () => {
  it('stages each started host as typed: its name and address, root, logging in with the lab key file', () => {
    expect(labHostRows(started.slice(0, 1), [], [])).toEqual({
      rows: [{ name: 'lab-1', address: '198.18.8.6', port: null, user: 'root', sudo: false, login: { method: 'key', identityFile: KEY } }],
      already: [],
    });
  });

  it('keeps a port other than 22', () => {
    expect(labHostRows([{ ...started[0]!, port: 2222 }], [], []).rows[0]!.port).toBe(2222);
  });

  it('does not stage a host twice: one already there by name or by address is named instead', () => {
    const { rows, already } = labHostRows(started, ['lab-1'], ['198.18.8.10:22']);
    expect(rows.map((r) => r.name)).toEqual(['lab-3']);
    expect(already).toEqual(['lab-1', 'lab-2']);
  });
});
