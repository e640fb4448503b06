/**
 * The distribution phase: the steps that bring a verified bundle to every host, wired into the fan-out tree. The
 * first host's first unit waits for every host's space check, so nothing moves until every host has room; each
 * other host's unit waits for its source to hold that unit's bytes, and for the host its source fed before it.
 * Each file is proven by sha256 and placed on each host by a step of its own, right after its last bytes arrive.
 */
import type { Phase, Step } from '../engine/step.ts';
import { fanOutTree, transferUnits, uniqueContents, unitBytesFor, type DistributedFile } from './distribution-plan.ts';
import { BUNDLE_PHASE, placeStep, spaceStep, spaceStepId, sweepStep, unitStep, unitStepId, type DistributionContext, type DistributionHost } from './distribution-steps.ts';

export interface DistributionInput {
  /** The verified bundle's folder on this machine. */
  bundleDir: string;
  destination: string;
  /** Every file each host must end up with, the manifest and its signature last. */
  files: DistributedFile[];
  /** The hosts, the one the installer uploads to first. */
  hosts: DistributionHost[];
  pinsFor: (host: DistributionHost) => Promise<string>;
  /** Bytes per transfer unit (default: see unitBytesFor). */
  unitBytes?: number;
}

export function distributionPhase(input: DistributionInput): Phase {
  if (input.hosts.length === 0) return { name: BUNDLE_PHASE, title: 'Offline bundle on every host', steps: [] };
  const { travelling, copies } = uniqueContents(input.files);
  const total = travelling.reduce((sum, f) => sum + f.size, 0);
  const units = transferUnits(travelling, input.unitBytes ?? unitBytesFor(total));
  const ctx: DistributionContext = {
    bundleDir: input.bundleDir,
    destination: input.destination,
    travelling,
    copies,
    units,
    hosts: input.hosts,
    pinsFor: input.pinsFor,
    hashes: new Map(),
    prepared: new Set(),
  };
  const tree = fanOutTree(input.hosts.length);
  const spaceIds = input.hosts.map((h) => spaceStepId(h.name));
  const steps: Step[] = [];
  for (const link of tree) {
    steps.push(sweepStep(ctx, link.target), spaceStep(ctx, link.target));
    for (const unit of units) {
      const needs =
        link.source < 0
          ? unit.index === 0
            ? spaceIds
            : []
          : [unitStepId(input.hosts[link.source]!.name, unit), ...(link.after < 0 ? [] : [unitStepId(input.hosts[link.after]!.name, unit)])];
      steps.push(unitStep(ctx, link.target, unit, link.source, needs));
      // Right after the bytes of a file are all there, the host proves and places it — while the next host is
      // already fed this unit (its step needs only the bytes).
      for (const piece of unit.pieces) if (piece.finishes) steps.push(placeStep(ctx, link.target, travelling.indexOf(piece.file), link.source));
    }
  }
  return { name: BUNDLE_PHASE, title: 'Offline bundle on every host', steps };
}
