/**
 * What both transports do with an engine's answer: check it against the contract, so the UI never acts on a shape
 * it does not understand (a different Picket version), and answer unknown names as data instead of hanging.
 */
import { isRequestName, requests, type EngineResponse, type RequestName } from '../../provisioning/contract/requests.ts';

export function failedAnswer(name: string, message: string): EngineResponse<RequestName> {
  return { ok: false, error: { name, message } };
}

export function unknownRequest(name: unknown): EngineResponse<RequestName> {
  return failedAnswer('UnknownRequest', `there is no request named ${JSON.stringify(String(name))}`);
}

export function checkedAnswer(name: RequestName, answer: unknown): EngineResponse<RequestName> {
  const checked = requests[name].response.safeParse(answer);
  if (checked.success) return checked.data as EngineResponse<RequestName>;
  return failedAnswer('ContractMismatch', `the engine's answer to ${name} does not fit this UI's contract (a different Picket version?)`);
}

export { isRequestName };
