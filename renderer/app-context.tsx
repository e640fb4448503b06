/**
 * What every component reaches: the engine client (to send requests) and the stores (to read the engine's state
 * and the page's drafts), through one React context, with a hook per store.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { EngineClient } from './api/engine-client.ts';
import type { Stores } from './store/connect-stores.ts';
import type { createWizardStore, WizardState } from './store/wizard-store.ts';

export interface AppServices {
  client: EngineClient;
  stores: Stores;
  wizard: ReturnType<typeof createWizardStore>;
}

const AppContext = createContext<AppServices | null>(null);

export function AppProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <AppContext.Provider value={services}>{children}</AppContext.Provider>;
}

export function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useServices outside AppProvider');
  return services;
}

export const useClient = (): EngineClient => useServices().client;

type StateOf<S> = S extends StoreApi<infer T> ? T : never;

/** A slice of one of the engine-mirroring stores; the selector must return a stable reference (no new objects). */
export function useEngineStore<K extends keyof Stores, T>(key: K, select: (state: StateOf<Stores[K]>) => T): T {
  // stores[key] is a StoreApi<StateOf<Stores[K]>>; TypeScript cannot see through the indexed access.
  const store = useServices().stores[key] as unknown as StoreApi<StateOf<Stores[K]>>;
  return useStore<StoreApi<StateOf<Stores[K]>>, T>(store, select);
}

export function useWizard<T>(select: (state: WizardState) => T): T {
  return useStore(useServices().wizard, select);
}

/** A reason being typed (a skip's, a waiver's), kept in the page's drafts so leaving the step does not lose it. */
export function useReason(key: string): [string, (reason: string) => void] {
  const { wizard } = useServices();
  const reason = useStore(wizard, (s) => s.reasons[key] ?? '');
  const set = (next: string) =>
    wizard.setState((s) => {
      const { [key]: _old, ...rest } = s.reasons;
      return { reasons: next === '' ? rest : { ...rest, [key]: next } };
    });
  return [reason, set];
}

/** Changes the page's own state (step shown, drafts). */
export function useWizardUpdate(): (update: (state: WizardState) => Partial<WizardState>) => void {
  const { wizard } = useServices();
  return (update) => wizard.setState(update);
}
