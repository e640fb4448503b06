import { describe, expect, it } from 'vitest';
import { parseDf, parseLsblkJson, parseSysBlock } from './parse-lsblk.ts';

describe('parseLsblkJson', () => {
  it('util-linux >= 2.37: typed values, mounts collected from partitions and LVM', () => {
    const disks = parseLsblkJson(
      JSON.stringify({
        blockdevices: [
          { name: 'loop0', size: 4096, type: 'loop', rota: false, model: null, mountpoint: '/snap/core/1' },
          {
            name: 'nvme0n1',
            size: 512110190592,
            type: 'disk',
            rota: false,
            model: 'SAMSUNG MZVL2512HCJQ-00B00              ',
            mountpoint: null,
            children: [
              { name: 'nvme0n1p1', size: 536870912, type: 'part', rota: false, model: null, mountpoint: '/boot/efi' },
              {
                name: 'nvme0n1p2',
                size: 511571230720,
                type: 'part',
                rota: false,
                model: null,
                mountpoint: null,
                children: [{ name: 'vg-root', size: 511571230720, type: 'lvm', rota: false, model: null, mountpoint: '/' }],
              },
            ],
          },
          { name: 'sda', size: 4000787030016, type: 'disk', rota: true, model: 'ST4000NM0035-1V4', mountpoint: null },
        ],
      }),
    );
    expect(disks).toEqual([
      { name: 'nvme0n1', sizeBytes: 512110190592, rotational: false, model: 'SAMSUNG MZVL2512HCJQ-00B00', type: 'disk', mountpoints: ['/boot/efi', '/'] },
      { name: 'sda', sizeBytes: 4000787030016, rotational: true, model: 'ST4000NM0035-1V4', type: 'disk', mountpoints: [] },
    ]);
  });

  it('util-linux < 2.37: every value a string', () => {
    const disks = parseLsblkJson(
      '{"blockdevices": [{"name": "sda", "size": "512110190592", "type": "disk", "rota": "1", "model": "ST500DM002-1BD14", "mountpoint": null,' +
        ' "children": [{"name": "sda1", "size": "512109142016", "type": "part", "rota": "1", "model": null, "mountpoint": "/"}]}]}',
    );
    expect(disks).toEqual([{ name: 'sda', sizeBytes: 512110190592, rotational: true, model: 'ST500DM002-1BD14', type: 'disk', mountpoints: ['/'] }]);
  });

  it('not JSON (lsblk missing or without -J) is null', () => {
    expect(parseLsblkJson('lsblk: unknown option -- J')).toBeNull();
    expect(parseLsblkJson('{"blockdevices": 3}')).toBeNull();
  });
});

describe('parseSysBlock', () => {
  it('512-byte sectors, rotational flag, model; loop and ram skipped', () => {
    const probed = [
      '/sys/block/loop0/size:0',
      '/sys/block/vda/size:536870912',
      '/sys/block/sda/size:7814037168',
      '/sys/block/loop0/queue/rotational:0',
      '/sys/block/vda/queue/rotational:1',
      '/sys/block/sda/queue/rotational:1',
      '/sys/block/sda/device/model:ST4000NM0035-1V4',
    ].join('\n');
    expect(parseSysBlock(probed)).toEqual([
      { name: 'vda', sizeBytes: 274877906944, rotational: true, model: null, type: 'disk', mountpoints: [] },
      { name: 'sda', sizeBytes: 4000787030016, rotational: true, model: 'ST4000NM0035-1V4', type: 'disk', mountpoints: [] },
    ]);
  });
});

describe('parseSysBlock on odd input', () => {
  it('a model with colons, an unreadable attribute, and lines that are not /sys/block attributes', () => {
    const probed = [
      '/sys/block/nvme0n1/size:1000215216',
      '/sys/block/nvme0n1/device/model:INTEL SSDPE2KX010T8: rev 2   ',
      '/sys/block/cciss!c0d0/size:abc',
      '/sys/block/cciss!c0d0/queue/rotational:1',
      '/sys/block/a/b/size:9',
      '/sys/block/sdb/stat:1 2 3',
      'sdc 7814037168 1 old-format',
    ].join('\n');
    expect(parseSysBlock(probed)).toEqual([
      { name: 'nvme0n1', sizeBytes: 512110190592, rotational: false, model: 'INTEL SSDPE2KX010T8: rev 2', type: 'disk', mountpoints: [] },
      { name: 'cciss!c0d0', sizeBytes: 0, rotational: true, model: null, type: 'disk', mountpoints: [] },
    ]);
  });

  it('keeps at most 4096 devices', () => {
    const probed = Array.from({ length: 5000 }, (_, i) => `/sys/block/sd${i}/size:8`).join('\n');
    expect(parseSysBlock(probed)).toHaveLength(4096);
  });
});

describe('parseDf', () => {
  it('-B1 and -k headers, mount paths with spaces', () => {
    const bytes = parseDf(
      'Filesystem                  1-blocks        Used   Available Capacity Mounted on\n' +
        '/dev/vda                270553174016 24942039040 84002254848      23% /\n',
    );
    expect(bytes.get('/')).toEqual({ sizeBytes: 270553174016, freeBytes: 84002254848 });
    const kb = parseDf('Filesystem     1024-blocks    Used Available Capacity Mounted on\n/dev/sdb1 1000 10 990 1% /data/my disk\n');
    expect(kb.get('/data/my disk')).toEqual({ sizeBytes: 1024000, freeBytes: 1013760 });
  });
});
