/**
 * First contact with a host whose key is not pinned: the engine waits while the face shows the SHA-256
 * fingerprint (to be checked against the host's console) and answers with hostKey.confirm. Every open face gets
 * the prompt; the first answer wins, and hostKey.settled tells the others to close theirs.
 */
import { z } from 'zod';
import { FingerprintSchema } from './host-requests.ts';

export const HostKeyPromptEventSchema = z.object({
  type: z.literal('hostKey.prompt'),
  promptId: z.string(),
  /** The host as cluster.yaml names it, or its address. */
  host: z.string(),
  address: z.string(),
  port: z.number().int(),
  /** ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa … */
  keyType: z.string(),
  fingerprint: FingerprintSchema,
});

export const HostKeySettledEventSchema = z.object({
  type: z.literal('hostKey.settled'),
  promptId: z.string(),
  accepted: z.boolean(),
  /** answered: by a face; expired: nobody answered in time (the key is not pinned). */
  how: z.enum(['answered', 'expired']),
});
