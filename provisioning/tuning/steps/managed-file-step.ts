/**
 * A step that owns one file: in sync when the file holds exactly the desired content; apply writes it;
 * revert puts back what was there before (or removes it if nothing was). Picket's own drop-ins only:
 * files of the user's are never edited in place.
 */
import { stepId, type Json, type Step, type StepContext } from '../../engine/step.ts';
import { missingParents, readRemoteFile, removeRemoteFile, writeRemoteFile } from './remote-file.ts';

export interface ManagedFile {
  phase: string;
  host: string;
  name: string;
  title: string;
  path: string;
  content: string;
  mode?: string;
  needs?: string[];
  needsReboot?: boolean;
  /** Runs after the file is written or restored (e.g. systemctl daemon-reload, update-grub). */
  afterChange?: (ctx: StepContext) => Promise<void>;
}

export function managedFileStep(file: ManagedFile): Step {
  return {
    id: stepId(file.phase, file.host, file.name),
    title: file.title,
    host: file.host,
    phase: file.phase,
    needs: file.needs ?? [],
    ...(file.needsReboot ? { needsReboot: true } : {}),
    async check(ctx) {
      const current = await readRemoteFile(ctx, file.path);
      return current === file.content
        ? { state: 'in-sync' }
        : { state: 'changes', changes: [`${current === null ? 'create' : 'rewrite'} ${file.path}`] };
    },
    async capture(ctx): Promise<Json> {
      return { content: await readRemoteFile(ctx, file.path), createdParents: await missingParents(ctx, file.path) };
    },
    async apply(ctx) {
      await writeRemoteFile(ctx, file.path, file.content, file.mode);
      await file.afterChange?.(ctx);
    },
    async verify(ctx) {
      return (await readRemoteFile(ctx, file.path)) === file.content ? [] : [`${file.path} does not hold the planned content`];
    },
    async revert(ctx, originals) {
      const { content: previous, createdParents } = originals as { content: string | null; createdParents: string[] };
      if (previous === null) await removeRemoteFile(ctx, file.path, createdParents);
      else await writeRemoteFile(ctx, file.path, previous, file.mode);
      await file.afterChange?.(ctx);
    },
  };
}
