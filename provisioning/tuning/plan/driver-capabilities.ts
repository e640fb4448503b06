// What the planner may ask of a capture NIC's driver (tuning reference §1.4). A driver missing from this table
// gets the conservative treatment: one queue, rings and offloads only, nothing the driver might reject halfway.
import type { SymmetricRss } from './host-tuning-plan.ts';

export interface DriverCapabilities {
  /** In the table; false for every other driver. */
  known: boolean;
  /** Queues RSS really spreads over, when lower than `ethtool -l` admits (ixgbe: 63 is the Flow Director limit). */
  rssQueueCap: number | null;
  symmetricRss: SymmetricRss | null;
  /** ethtool -X … xfrm symmetric-xor needs this kernel or newer. */
  symmetricMinKernel: readonly [number, number] | null;
  coalescing: boolean;
  pauseFrames: boolean;
  /** Every part on this driver takes a 9000-byte MTU. */
  jumboMtu: boolean;
  privateFlagsOff: readonly string[];
}

const CONSERVATIVE: DriverCapabilities = {
  known: false,
  rssQueueCap: null,
  symmetricRss: null,
  symmetricMinKernel: null,
  coalescing: false,
  pauseFrames: false,
  jumboMtu: false,
  privateFlagsOff: [],
};

const TABLE: Readonly<Record<string, DriverCapabilities>> = {
  // X710/XL710/XXV710: 64 queues per port; Flow Director's ATR steers flows by their transmit side and reorders.
  i40e: {
    ...CONSERVATIVE,
    known: true,
    rssQueueCap: 64,
    symmetricRss: 'low-entropy-key',
    coalescing: true,
    pauseFrames: true,
    jumboMtu: true,
    privateFlagsOff: ['flow-director-atr'],
  },
  // E810: symmetric only through the recent input transform (kernel ≈ 6.8 and an ethtool that knows `xfrm`).
  ice: {
    ...CONSERVATIVE,
    known: true,
    symmetricRss: 'xor',
    symmetricMinKernel: [6, 8],
    coalescing: true,
    pauseFrames: true,
    jumboMtu: true,
  },
  // 82599/X520/X540/X550: RSS spreads over at most 16 queues whatever ethtool -l says.
  ixgbe: {
    ...CONSERVATIVE,
    known: true,
    rssQueueCap: 16,
    symmetricRss: 'low-entropy-key',
    coalescing: true,
    pauseFrames: true,
    jumboMtu: true,
  },
  mlx5_core: {
    ...CONSERVATIVE,
    known: true,
    symmetricRss: 'low-entropy-key',
    coalescing: true,
    pauseFrames: true,
    jumboMtu: true,
  },
  // 1G parts: usually no way to make RSS symmetric, so one queue.
  igb: { ...CONSERVATIVE, known: true, coalescing: true, pauseFrames: true, jumboMtu: true },
  // Some e1000e parts (82583, ICH8) take no jumbo frames.
  e1000e: { ...CONSERVATIVE, known: true, pauseFrames: true },
};

export function driverCapabilities(driver: string | null): DriverCapabilities {
  return (driver !== null && Object.hasOwn(TABLE, driver) ? TABLE[driver] : undefined) ?? CONSERVATIVE;
}
