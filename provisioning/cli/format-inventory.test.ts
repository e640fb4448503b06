import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProbeOutput } from '../inventory/parse-probe-output.ts';
import { formatCpuList } from '../inventory/format-cpu-list.ts';
import { formatInventory } from './format-inventory.ts';

const probeDir = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'probe');

describe('formatCpuList', () => {
  it('compresses runs', () => {
    expect(formatCpuList([0, 1, 2, 3, 36, 37, 9])).toBe('0-3,9,36-37');
    expect(formatCpuList([])).toBe('-');
  });
});

describe('formatInventory', () => {
  it('renders a real probe as a summary and an aligned NIC table with the management NIC marked', async () => {
    const marker = (await readFile(join(probeDir, 'this-machine.marker'), 'utf8')).trim();
    const inv = parseProbeOutput(await readFile(join(probeDir, 'this-machine.txt'), 'utf8'), marker);
    const text = formatInventory('sensor-1', '198.18.0.2', inv);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^sensor-1 {2}198\.18\.0\.2 {2}\S+ {2}Debian GNU\/Linux 12/);
    const header = lines.find((l) => l.trimStart().startsWith('NIC '))!;
    const rows = lines.slice(lines.indexOf(header) + 1, lines.indexOf(header) + 1 + inv.nics.length);
    expect(rows).toHaveLength(inv.nics.length);
    // Columns line up: every row has DRIVER where the header has it.
    const driverColumn = header.indexOf('DRIVER');
    for (const row of rows) expect(row[driverColumn - 1]).toBe(' ');
    if (inv.managementNic) expect(text).toMatch(new RegExp(`\\n {2}${inv.managementNic} .*MANAGEMENT \\(never touched\\)`));
  });
});
