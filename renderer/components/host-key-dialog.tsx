/**
 * First contact with a host whose key is not pinned: Picket has seen the key and hung up; it logs in only once this
 * is answered. It shows the key's SHA-256 fingerprint, to be checked against the host's console
 * (`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`) before trusting it — no timer runs meanwhile. One question at
 * a time, oldest first; accepting pins the key in the project's known_hosts.
 */
import type { HostKeyPrompt } from '../store/host-key-store.ts';
import { InlineError } from './inline-error.tsx';
import { PadlockIcon } from './icons.tsx';
import { useRequest } from './use-request.ts';

function groups(fingerprint: string): string {
  // Easier to compare by eye in groups of 4 after the SHA256: prefix.
  const body = fingerprint.replace(/^SHA256:/, '');
  return `SHA256:${body.match(/.{1,4}/g)?.join(' ') ?? body}`;
}

export function HostKeyDialog({ prompts }: { prompts: HostKeyPrompt[] }) {
  const confirm = useRequest('hostKey.confirm');
  const prompt = prompts[0];
  if (!prompt) return null;
  const answer = (accept: boolean) => void confirm.send({ promptId: prompt.promptId, accept });
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="hostkey-title">
        <h2 id="hostkey-title">
          <PadlockIcon size={18} /> Trust this host key?
        </h2>
        <p>
          First contact with <strong>{prompt.host}</strong> at{' '}
          <span className="mono">
            {prompt.address}:{prompt.port}
          </span>
          . Compare the fingerprint with the one the host itself shows before you accept.
        </p>
        <dl className="kv">
          <dt>Key type</dt>
          <dd className="mono">{prompt.keyType}</dd>
          <dt>Fingerprint</dt>
          <dd className="mono fingerprint" data-testid="fingerprint">
            {groups(prompt.fingerprint)}
          </dd>
        </dl>
        <p className="muted small">
          On the host: <span className="mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</span>. Take your time: no connection is held open while you
          check. Accepting pins the key in the project's known_hosts and then logs in; a different key later is refused.
        </p>
        <InlineError error={confirm.error} context="Could not answer" />
        <div className="actions">
          <button type="button" className="btn" onClick={() => answer(false)} disabled={confirm.pending}>
            Reject
          </button>
          <button type="button" className="btn primary" onClick={() => answer(true)} disabled={confirm.pending}>
            Accept and pin
          </button>
        </div>
        {prompts.length > 1 ? <p className="muted small">{prompts.length - 1} more host(s) waiting.</p> : null}
      </div>
    </div>
  );
}
