/**
 * Sends one kind of request and keeps its outcome for the component that sent it: pending while it waits, and
 * the error of an `{ ok: false }` answer, to show inline next to what caused it (errors are data, never thrown).
 */
import { useCallback, useState } from 'react';
import type { EngineError } from '../../provisioning/contract/engine-error.ts';
import type { EngineResponse, RequestName, RequestPayload } from '../../provisioning/contract/requests.ts';
import { useClient } from '../app-context.tsx';

export interface RequestState {
  pending: boolean;
  error: EngineError | null;
}

export function useRequest<N extends RequestName>(name: N) {
  const client = useClient();
  const [state, setState] = useState<RequestState>({ pending: false, error: null });
  const send = useCallback(
    async (payload: RequestPayload<N>): Promise<EngineResponse<N>> => {
      setState({ pending: true, error: null });
      const response = await client.request(name, payload);
      setState({ pending: false, error: response.ok ? null : response.error });
      return response;
    },
    [client, name],
  );
  const clear = useCallback(() => setState({ pending: false, error: null }), []);
  return { ...state, send, clear };
}
