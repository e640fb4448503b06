import fc from 'fast-check';
import { formatBytes } from './format-bytes.ts';
import { describe, expect, it } from 'vitest';
import { fanOutRounds, fanOutTree, transferUnits, uniqueContents, unitBytesFor, type DistributedFile } from './distribution-plan.ts';

const file = (path: string, size: number, sha = path.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a')): DistributedFile => ({ path, size, sha256: sha });

describe('transferUnits', () => {
  it('cuts large files across units and lets small ones share, in order', () => {
    const units = transferUnits([file('a', 250), file('b', 30), file('c', 0), file('d', 40)], 100);
    expect(units.map((u) => u.pieces.map((p) => `${p.file.path}:${p.start}-${p.end}${p.finishes ? '!' : ''}`))).toEqual([
      ['a:0-100'],
      ['a:100-200'],
      ['a:200-250!', 'b:0-30!', 'c:0-0!', 'd:0-20'],
      ['d:20-40!'],
    ]);
    expect(units.map((u) => u.bytes)).toEqual([100, 100, 100, 20]);
  });

  it('covers every byte of every file exactly once, each file finished by exactly one piece', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 300 }), (sizes, unitBytes) => {
        const files = sizes.map((s, i) => file(`f${i}`, s));
        const units = transferUnits(files, unitBytes);
        for (const u of units) expect(u.bytes).toBeLessThanOrEqual(unitBytes);
        for (const f of files) {
          const pieces = units.flatMap((u) => u.pieces).filter((p) => p.file === f);
          let at = 0;
          for (const p of pieces) {
            expect(p.start).toBe(at);
            at = p.end;
          }
          expect(at).toBe(f.size);
          expect(pieces.filter((p) => p.finishes)).toHaveLength(1);
          expect(pieces.at(-1)!.finishes).toBe(true);
        }
      }),
    );
  });
});

describe('fanOutTree', () => {
  it('doubles the holders each round: the installer feeds the first host, then every holder feeds one more', () => {
    expect(fanOutTree(8)).toEqual([
      { target: 0, source: -1, after: -1 },
      { target: 1, source: 0, after: -1 },
      { target: 2, source: 0, after: 1 },
      { target: 3, source: 1, after: -1 },
      { target: 4, source: 0, after: 2 },
      { target: 5, source: 1, after: 3 },
      { target: 6, source: 2, after: -1 },
      { target: 7, source: 3, after: -1 },
    ]);
    expect(fanOutRounds(1)).toBe(1);
    expect(fanOutRounds(8)).toBe(4);
  });

  it('for any size: every host fed once, by a host fed before it, each source feeding one host per round', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (count) => {
        const links = fanOutTree(count);
        const round = (i: number): number => (i === 0 ? 0 : Math.floor(Math.log2(i)) + 1);
        expect(links.map((l) => l.target)).toEqual([...Array(count).keys()]);
        for (const l of links.slice(1)) {
          expect(round(l.source)).toBeLessThan(round(l.target));
          if (l.after >= 0) {
            expect(links[l.after]!.source).toBe(l.source);
            expect(round(l.after)).toBe(round(l.target) - 1);
          }
        }
        expect(Math.max(...links.map((l) => round(l.target)))).toBe(fanOutRounds(count) - 1);
      }),
    );
  });
});

describe('uniqueContents', () => {
  it('sends a content once and places it under each of its paths', () => {
    const same = 'b'.repeat(64);
    const { travelling, copies } = uniqueContents([file('x', 5, same), file('y', 7), file('z', 5, same)]);
    expect(travelling.map((f) => f.path)).toEqual(['x', 'y']);
    expect(copies.get(same)).toEqual(['z']);
  });

  it('refuses one sha256 with two sizes', () => {
    expect(() => uniqueContents([file('x', 5, 'c'.repeat(64)), file('z', 6, 'c'.repeat(64))])).toThrow(/share a sha256 but not a size/);
  });
});

it('unitBytesFor: a sixteenth of the bundle, at least about 32 MiB, and no tiny last unit', () => {
  const MiB = 1024 ** 2;
  expect(unitBytesFor(1000)).toBe(1000);
  expect(unitBytesFor(100 * MiB)).toBe(Math.ceil((100 * MiB) / 3));
  expect(unitBytesFor(8 * 1024 ** 3)).toBe(512 * MiB);
  // 256 MiB of images and a 1 KiB manifest: 8 units, the manifest in the last, not a 9th of 1 KiB.
  const total = 256 * MiB + 1024;
  expect(transferUnits([file('big', 256 * MiB), file('manifest.json', 1024)], unitBytesFor(total))).toHaveLength(8);
});

it('formatBytes', () => {
  expect([formatBytes(7), formatBytes(12 * 1024), formatBytes(300 * 1024 ** 2), formatBytes(1.5 * 1024 ** 3)]).toEqual(['7 B', '12.0 KiB', '300.0 MiB', '1.5 GiB']);
});
