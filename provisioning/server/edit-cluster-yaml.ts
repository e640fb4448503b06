/**
 * Changes a face asks of the open project's cluster.yaml (a host added, a waiver removed …): the edit is made on the
 * file's text, kept only if the result is a valid spec (a draft at least), written in one step, and the engine's
 * session is opened again from it. A refused edit changes nothing and says why, naming what it was about.
 */
import { readFile } from 'node:fs/promises';
import type { ClusterSession } from '../engine/cluster-session.ts';
import { ClusterEditError } from '../project/cluster-yaml-document.ts';
import { loadClusterSpec } from '../project/load-cluster-spec.ts';
import { formatSpecError } from '../project/spec-error.ts';
import { writeClusterYaml } from '../project/write-cluster-yaml.ts';
import type { EngineService } from './engine-service.ts';
import { reopenSession } from './reopen-session.ts';
import { RequestFailure } from './request-failure.ts';

/** The file's text as it would be after the edit. */
export type ClusterYamlEdit = (text: string) => string;

export interface EditOptions {
  /** Who or what the edit is about, to begin its refusals with ("sensor-1", "waiver clock-skew"). */
  subject: string;
  /** The host a refusal is about, when it is about one. */
  host?: string;
  /** The failure's name when the edit itself cannot be made (HostEditRefused …). */
  refusedAs: string;
  /** Runs once the new text is known to be valid, before it is written (storing a secret it names). */
  before?: () => Promise<void>;
}

export async function editClusterYaml(engine: EngineService, edit: ClusterYamlEdit, options: EditOptions): Promise<ClusterSession> {
  const session = engine.current();
  const { file } = session.project;
  const details = options.host === undefined ? {} : { host: options.host };
  let text: string;
  try {
    text = edit(await readFile(file, 'utf8'));
  } catch (error) {
    if (error instanceof ClusterEditError) throw new RequestFailure(options.refusedAs, error.message, details);
    throw error;
  }
  const loaded = loadClusterSpec(text, file, { draft: true });
  if (!loaded.ok) {
    // What a draft may lack is not what makes it wrong: only the wrong is said.
    const wrong = loaded.errors.filter((e) => !e.incomplete);
    const count = wrong.length === 1 ? 'an error' : `${wrong.length} errors`;
    throw new RequestFailure('SpecInvalidError', `${options.subject}: cluster.yaml would have ${count}, so it was left as it was:\n${wrong.map(formatSpecError).join('\n')}`, {
      ...details,
      specErrors: wrong,
    });
  }
  await options.before?.();
  await writeClusterYaml(file, text);
  return reopenSession(engine, session);
}
