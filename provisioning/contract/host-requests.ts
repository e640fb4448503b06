/**
 * Requests about the project's hosts: add, remove or update one, and answer a host-key prompt. The only requests that
 * carry a password or passphrase are here, on the way in: the engine stores it as a project secret (secrets.yaml,
 * 0600) and from then on names it, never returns it.
 */
import { z } from 'zod';
import { DnsLabelSchema, EngineSchema, RoleSchema } from './cluster-vocabulary.ts';
import { defineRequest } from './define-request.ts';
import { HostSummarySchema } from './project-summary.ts';

const secretText = z.string().min(1).max(4096);

/** How to log in to a new host, with the secret itself where one is needed. */
export const NewHostLoginSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('key'), identityFile: z.string().min(1).max(4096), passphrase: secretText.optional() }),
  z.strictObject({ method: z.literal('agent') }),
  z.strictObject({ method: z.literal('password'), password: secretText }),
]);

export const NewCaptureNicSchema = z.strictObject({
  pci: z.string().max(32).optional(),
  name: z.string().max(15).optional(),
  mac: z.string().max(17).optional(),
  engines: z.array(EngineSchema).min(1),
});

export const NewHostSchema = z.strictObject({
  name: DnsLabelSchema,
  address: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1).max(32).optional(),
  roles: z.array(RoleSchema),
  sudo: z.boolean().optional(),
  /** sudo's password when it is not the login password. */
  sudoPassword: secretText.optional(),
  jump: DnsLabelSchema.optional(),
  login: NewHostLoginSchema,
  capture: z.array(NewCaptureNicSchema).optional(),
});

/** A SHA-256 host-key fingerprint as OpenSSH prints it (SHA256: and 43 base64 characters). */
export const FingerprintSchema = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/);

export const hostRequests = {
  /** Adds a host to cluster.yaml; a password or passphrase given here is stored as a project secret. */
  'hosts.add': defineRequest(z.strictObject({ host: NewHostSchema }), z.object({ host: HostSummarySchema })),
  'hosts.remove': defineRequest(z.strictObject({ name: DnsLabelSchema }), z.object({ name: z.string() })),
  /**
   * Sets what a host does, once discovery has shown its NICs: its roles and its capture NICs (the whole list;
   * empty for a host that is not a sensor). How to log in is left as it is.
   */
  'hosts.update': defineRequest(
    z.strictObject({ name: DnsLabelSchema, roles: z.array(RoleSchema), capture: z.array(NewCaptureNicSchema).max(64) }),
    z.object({ host: HostSummarySchema }),
  ),
  /** Answers a hostKey.prompt event: accept pins the key in the project's known_hosts. */
  'hostKey.confirm': defineRequest(
    z.strictObject({ promptId: z.string().min(1).max(64), accept: z.boolean() }),
    z.object({ promptId: z.string(), accepted: z.boolean() }),
  ),
};

export type NewHostLogin = z.infer<typeof NewHostLoginSchema>;
export type NewHost = z.infer<typeof NewHostSchema>;
