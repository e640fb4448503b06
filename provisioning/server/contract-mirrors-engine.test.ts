/**
 * The contract restates some of the engine's vocabulary, because the renderer can import only zod and plain
 * TypeScript. These specs prove each restatement equals the engine's own (the type-level ones fail `tsc`).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DNS_LABEL as CONTRACT_DNS_LABEL, ENGINES, MODES, ROLES, type Engine, type Mode, type Role } from '../contract/cluster-vocabulary.ts';
import { CPU_ROLES, type CpuRole } from '../contract/host-plan.ts';
import type { JudgedFinding } from '../contract/judged-finding.ts';
import type { StepState } from '../contract/step-state.ts';
import * as engineEvents from '../engine/engine-events.ts';
import type { Finding } from '../preflight/finding.ts';
import * as spec from '../project/cluster-spec.ts';
import { DNS_LABEL } from '../project/spec-formats.ts';
import type * as cpuRoles from '../tuning/plan/cpu-roles.ts';

describe('the contract mirrors the engine', () => {
  it('has the engine’s step states', () => {
    expectTypeOf<StepState>().toEqualTypeOf<engineEvents.StepState>();
  });

  it('has the spec’s modes, roles and engines, and its name rule', () => {
    expect([MODES, ROLES, ENGINES]).toEqual([spec.MODES, spec.ROLES, spec.ENGINES]);
    expectTypeOf<Mode>().toEqualTypeOf<spec.Mode>();
    expectTypeOf<Role>().toEqualTypeOf<spec.Role>();
    expectTypeOf<Engine>().toEqualTypeOf<spec.Engine>();
    expect(CONTRACT_DNS_LABEL.source).toBe(DNS_LABEL.source);
  });

  it('has the planner’s CPU roles', () => {
    expectTypeOf<CpuRole>().toEqualTypeOf<cpuRoles.CpuRole>();
    expect(CPU_ROLES.length).toBe(new Set(CPU_ROLES).size);
  });

  it('carries every field of a preflight finding', () => {
    expectTypeOf<Omit<JudgedFinding, 'waiver'>>().toEqualTypeOf<Finding>();
  });
});
