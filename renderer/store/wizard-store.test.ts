import { describe, expect, it } from 'vitest';
import { StorageDouble } from '../../test/support/storage-double.ts';
import { createWizardStore, DRAFTS_STORAGE_KEY, INITIAL_WIZARD, reasonKey } from './wizard-store.ts';

const staged = { key: 'staged-1', name: 'sensor-1', address: '10.0.0.11', port: null, user: 'root', sudo: false, roles: ['sensor' as const], login: { method: 'agent' as const } };

describe('the wizard store', () => {
  it('keeps drafts across a reload of the page, but not the step (the address says that)', () => {
    const storage = new StorageDouble();
    const page = createWizardStore(storage);
    page.setState({ step: 'hosts', cluster: { name: 'kit', mode: 'standalone', dir: '/kits/a', openPath: '' } });
    page.setState({ hosts: { paste: 'root@10.0.0.12', staged: [staged] }, reasons: { [reasonKey('skip', 'r1', 'tuning/h1/mtu')]: 'TAP tomorrow' } });
    page.setState({ roleEdits: { 'sensor-1': { roles: ['sensor'], capture: { cap0: ['zeek'] } } } });

    const reloaded = createWizardStore(storage).getState();
    expect(reloaded.step).toBeNull();
    expect(reloaded.cluster.name).toBe('kit');
    expect(reloaded.hosts.paste).toBe('root@10.0.0.12');
    // Restored rows are keyed apart from the rows the reloaded page will number from 1.
    expect(reloaded.hosts.staged).toEqual([{ ...staged, key: 'restored-1' }]);
    expect(reloaded.roleEdits['sensor-1']?.capture.cap0).toEqual(['zeek']);
    expect(reloaded.reasons[reasonKey('skip', 'r1', 'tuning/h1/mtu')]).toBe('TAP tomorrow');
  });

  it('writes only when a draft changes, and starts afresh from storage it cannot read', () => {
    const storage = new StorageDouble();
    const page = createWizardStore(storage);
    page.setState({ step: 'plan' });
    expect(storage.writes).toBe(0);
    page.setState({ reasons: { a: 'b' } });
    expect(storage.writes).toBe(1);

    storage.setItem(DRAFTS_STORAGE_KEY, '{"cluster": 1');
    expect(createWizardStore(storage).getState()).toEqual(INITIAL_WIZARD);
    storage.setItem(DRAFTS_STORAGE_KEY, JSON.stringify({ ...INITIAL_WIZARD, cluster: { name: 'x', mode: 'nonsense', dir: '', openPath: '' } }));
    expect(createWizardStore(storage).getState()).toEqual(INITIAL_WIZARD);
  });

  it('works without storage, as it always did', () => {
    const page = createWizardStore(undefined);
    page.setState({ reasons: { a: 'b' } });
    expect(page.getState().reasons).toEqual({ a: 'b' });
  });
});
