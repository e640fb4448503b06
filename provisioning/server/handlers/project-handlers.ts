/** project.open and project.create: a project folder, opened into an engine session (no host is contacted) or made. */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ProjectSummary } from '../../contract/project-summary.ts';
import { ClusterSession } from '../../engine/cluster-session.ts';
import { listRuns } from '../../engine/journal.ts';
import { createProject, openProject } from '../../project/project-folder.ts';
import { formatSpecError } from '../../project/spec-error.ts';
import type { RequestHandlers } from '../dispatch-request.ts';
import type { EngineService } from '../engine-service.ts';
import { hostSummaries, projectInfo } from '../host-summary.ts';
import { lastInstallEvents } from '../journal-replay.ts';
import { recallLastProject, rememberLastProject } from '../last-project.ts';
import { RequestFailure } from '../request-failure.ts';

/** A project is named by its folder or by its cluster.yaml. */
async function projectDir(path: string): Promise<string> {
  const full = resolve(path);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(full)).isDirectory();
  } catch {
    throw new RequestFailure('NotAProject', `${full} does not exist: give a project folder (or its cluster.yaml), or create one`);
  }
  if (isDirectory) return full;
  if (basename(full) !== 'cluster.yaml') throw new RequestFailure('NotAProject', `${full} is not a cluster.yaml: give the project folder, or the cluster.yaml in it`);
  return dirname(full);
}

/**
 * Opens the project at `path` as the engine's session; a wrong spec fails with every error located. An incomplete
 * one (the wizard's draft: no hosts yet, capture NICs not chosen) opens, saying what it lacks, and is not planned.
 */
export async function openProjectAt(engine: EngineService, path: string): Promise<ProjectSummary> {
  const opened = await openProject(await projectDir(path), { draft: true });
  if (!opened.ok) {
    // What a draft may lack does not stop it opening: only the wrong is to be fixed.
    const wrong = opened.errors.filter((e) => !e.incomplete);
    const count = `${wrong.length} error${wrong.length === 1 ? '' : 's'}`;
    throw new RequestFailure('SpecInvalidError', `${opened.file} has ${count}; fix them and open it again:\n${wrong.map(formatSpecError).join('\n')}`, {
      specErrors: wrong,
    });
  }
  const session = await openSession(engine, opened.file);
  recallLastInstall(engine, session);
  await remember(engine, session.project.dir);
  return { ...projectInfo(session.project), hosts: hostSummaries(session, false) };
}

/** Makes `dir` the project `picket serve` reopens when started again; failing to is only logged. */
async function remember(engine: EngineService, dir: string): Promise<void> {
  if (engine.lastProjectFile === undefined) return;
  try {
    await rememberLastProject(engine.lastProjectFile, dir);
  } catch (error) {
    engine.log(`picket serve: could not remember ${dir} as the last project in ${engine.lastProjectFile}: ${(error as Error).message}`);
  }
}

/**
 * Reopens the project opened last (`picket serve` started without -f), and says what became of it in one line: a
 * folder gone or broken since is not fatal, the user opens another.
 */
export async function reopenLastProject(engine: EngineService): Promise<string | undefined> {
  if (engine.lastProjectFile === undefined) return undefined;
  const dir = await recallLastProject(engine.lastProjectFile);
  if (dir === undefined) return undefined;
  try {
    const project = await engine.exclusive('opening a project', () => openProjectAt(engine, dir));
    return `reopened the last project, ${project.name} (${project.file}): ${project.hosts.length} host(s)`;
  } catch (error) {
    // One line for the log, the spec's errors included.
    const why = (error as Error).message.split('\n').join(' ');
    return `could not reopen the last project ${dir}: ${why} — open or create one in the UI`;
  }
}

/** Shows the project's last install (and resets since) as its journals tell it, but no run this engine already knows. */
function recallLastInstall(engine: EngineService, session: ClusterSession): void {
  const events = lastInstallEvents(listRuns(session.runsDir));
  const known = new Set(events.flatMap((e) => (e.type === 'entity.created' && engine.runSummary(e.entity.id) ? [e.entity.id] : [])));
  for (const event of events) {
    if (event.type === 'entity.created' && event.entity.kind === 'run') {
      if (!known.has(event.entity.id)) engine.updateRun(event.entity.value, 'entity.created');
    } else if ('run' in event && !known.has(event.run)) {
      engine.emit(event);
    }
  }
}

/** Opens the session of a cluster.yaml already found valid (a draft at least), and makes it the engine's. */
export async function openSession(engine: EngineService, file: string): Promise<ClusterSession> {
  const session = await ClusterSession.open(file, {
    confirmNewHost: engine.confirmNewHost,
    signal: engine.signal,
    draft: true,
    ...(engine.sshReadyTimeoutMs === undefined ? {} : { readyTimeoutMs: engine.sshReadyTimeoutMs }),
  });
  engine.setSession(session);
  return session;
}

export function projectHandlers(engine: EngineService): Pick<RequestHandlers, 'project.open' | 'project.create'> {
  return {
    'project.open': ({ path }) => engine.exclusive('opening a project', () => openProjectAt(engine, path)),
    'project.create': async ({ dir, name, mode }) => {
      const paths = await createProject(resolve(dir), { name, mode });
      await remember(engine, paths.dir);
      return { dir: paths.dir, file: paths.clusterFile };
    },
  };
}
