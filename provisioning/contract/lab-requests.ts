/**
 * Local test hosts: the lab (Debian hosts in systemd-nspawn containers, as the test suites use) started on the
 * machine running the engine, so a newcomer can try the whole flow without hardware. Offered only where it can
 * work — Linux, as root, systemd-nspawn installed, and a checkout that has the lab (a packaged app has not) — and
 * started only when a face asks. While starting, the asking face hears lab.progress lines.
 */
import { z } from 'zod';
import { defineRequest, NoPayload } from './define-request.ts';

/** How many hosts one request may start: enough to try a cluster, few enough for a laptop. */
export const MAX_LAB_START_HOSTS = 8;

export const LabAvailabilitySchema = z.object({
  available: z.boolean(),
  /** Why not, when not: what is missing and how to get it. */
  why: z.string().optional(),
  /** Why not, as a code a face can choose by (the Hosts step mentions only a missing root, where running as root would do). */
  reason: z.enum(['not-linux', 'not-root', 'remote-face', 'no-lab', 'no-nspawn']).optional(),
});

/** A started host as the Hosts step stages it: reached as root with the lab's key file (a path on the engine's machine). */
export const LabStartedHostSchema = z.object({
  name: z.string(),
  address: z.string(),
  port: z.number().int(),
  user: z.string(),
  identityFile: z.string(),
});

export const labRequests = {
  'lab.available': defineRequest(NoPayload, LabAvailabilitySchema),
  /** Answers once every host answers SSH; hosts already running are kept (none is stopped). */
  'lab.start': defineRequest(
    z.strictObject({ hosts: z.number().int().min(1).max(MAX_LAB_START_HOSTS) }),
    z.object({ hosts: z.array(LabStartedHostSchema) }),
  ),
};

export type LabAvailability = z.infer<typeof LabAvailabilitySchema>;
export type LabStartedHost = z.infer<typeof LabStartedHostSchema>;
export type ParsedLabStart = z.output<(typeof labRequests)['lab.start']['request']>;
