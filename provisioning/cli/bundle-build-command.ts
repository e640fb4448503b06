/**
 * `picket bundle build`: makes an unsigned bundle folder, three ways —
 *   --lock FILE --out DIR             download every artifact of the lock (pinned, resumable)
 *   --lock FILE --from DIR --out DIR  take them from a local mirror, still checked against the pins
 *   --from DIR --out DIR [--component name=…,version=…,kind=…[,path=…]]…  every file of DIR, as it is
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { bundleBytes, type BundleManifest } from '../bundle/bundle-manifest.ts';
import { parseBundleLock } from '../bundle/bundle-lock.ts';
import { buildBundleFromFiles } from '../bundle/build-bundle-from-files.ts';
import { BundleBuildError, buildBundleFromLock } from '../bundle/build-bundle-from-lock.ts';
import { buildBundleFromMirror } from '../bundle/build-bundle-from-mirror.ts';
import type { BundleHashProgress } from '../bundle/check-bundle-files.ts';
import { parseComponentSpec, resolveComponent } from '../bundle/component-spec.ts';
import { listSourceFiles } from '../bundle/list-source-files.ts';
import { formatBytes } from '../bundle/format-bytes.ts';
import { formatFraction, progressLine, type ProgressLine } from './bundle-progress.ts';
import { UsageError } from './usage-error.ts';

export const BUNDLE_BUILD_USAGE = `usage: picket bundle build --lock FILE --out DIR
       picket bundle build --lock FILE --from MIRROR --out DIR
       picket bundle build --from SRC --out DIR [--component name=N,version=V,kind=K[,path=P]]... [--link]

--lock FILE   download every artifact the lock file lists (assets/bundle.lock.json), checking each against its
              pinned sha256. Partial downloads resume (FILE.part, HTTP Range), also when the build is run again;
              a file that does not match its pin is deleted and named with both hashes.
--from DIR    with --lock: take the artifacts from a local mirror folder instead of downloading (found at their
              bundle path or by the file name of their URL), still checked against the pins. Without --lock:
              bundle every file under DIR at the same path; --component (repeatable) groups the files under
              path P (default: a folder named N) as component N version V, kind one of rke2, image, chart, tool,
              package, rules.
--link        hard-link files from --from instead of copying them (no extra space; same filesystem).
--out DIR     the bundle folder: new or empty (or, with --lock alone, an earlier build of the same lock).

Writes DIR/manifest.json (every file with its size and sha256). Sign it next: picket bundle sign DIR --key FILE.`;

function hashProgress(line: ProgressLine): (p: BundleHashProgress) => void {
  return (p) => {
    line.update(`hashing ${p.path}: ${formatFraction(p.bundleBytesDone, p.bundleBytesTotal)}`);
    line.milestone(p.bundleBytesDone, p.bundleBytesTotal, () => `hashed ${formatFraction(p.bundleBytesDone, p.bundleBytesTotal)}`);
  };
}

async function fromLock(lockFile: string, outDir: string, line: ProgressLine): Promise<BundleManifest> {
  const lock = parseBundleLock(await readLockText(lockFile), lockFile);
  return buildBundleFromLock({
    lock,
    outDir,
    onEvent: (e) => {
      const label = `${e.artifact.name} ${e.artifact.version} ${e.artifact.path}`;
      if (e.type === 'progress') line.update(`[${lock.artifacts.indexOf(e.artifact) + 1}/${lock.artifacts.length}] ${label}: ${formatFraction(e.bytesDone, e.bytesTotal)}`);
      else if (e.type === 'done') {
        const how = e.result.reused ? 'already here, sha256 checked' : e.result.resumedFrom > 0 ? `resumed from ${formatBytes(e.result.resumedFrom)}` : 'downloaded';
        line.log(`✓ ${label}: ${formatBytes(e.result.bytes)}, ${how}${e.result.requests > 1 ? ` (${e.result.requests} requests)` : ''}`);
      } else if (e.type === 'failed') line.log(`✗ ${label}: ${e.error.message}`);
    },
  });
}

async function readLockText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `lock file ${file} not found (the project's is assets/bundle.lock.json)` : `cannot read ${file}: ${code ?? String(error)}`);
  }
}

export async function bundleBuildCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      lock: { type: 'string' },
      from: { type: 'string' },
      out: { type: 'string', short: 'o' },
      component: { type: 'string', multiple: true },
      link: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(BUNDLE_BUILD_USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected ${JSON.stringify(positionals[0])}: give the bundle folder with --out DIR`);
  if (!values.out) throw new UsageError(`name the bundle folder: --out DIR\n\n${BUNDLE_BUILD_USAGE}`);
  if (!values.lock && !values.from) throw new UsageError(`give --lock FILE (download) or --from DIR (local files)\n\n${BUNDLE_BUILD_USAGE}`);
  if (values.lock && values.component) throw new UsageError('--component is for --from without --lock: a lock file names its components itself');
  if (values.link && !values.from) throw new UsageError('--link hard-links files from --from DIR; downloads have nothing to link');
  const specs = (values.component ?? []).map((c) => {
    try {
      return parseComponentSpec(c);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  });

  const line = progressLine();
  const mode = values.link ? 'hardlink' : 'copy';
  let manifest: BundleManifest;
  try {
    if (values.lock && values.from) {
      const lock = parseBundleLock(await readLockText(values.lock), values.lock);
      manifest = await buildBundleFromMirror({ lock, mirrorDir: values.from, outDir: values.out, mode, onProgress: hashProgress(line) });
    } else if (values.lock) {
      manifest = await fromLock(values.lock, values.out, line);
    } else {
      const srcDir = values.from!;
      const files = await listSourceFiles(srcDir).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(error.code === 'ENOENT' ? `source folder ${srcDir} not found` : `cannot read ${srcDir}: ${error.code ?? String(error)}`);
      });
      if (files.length === 0) throw new UsageError(`${srcDir} holds no files to bundle`);
      const components = specs.map((s) => {
        try {
          return resolveComponent(s, files.map((f) => f.path));
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
      });
      manifest = await buildBundleFromFiles({ files, components, outDir: values.out, mode, onProgress: hashProgress(line) });
    }
  } catch (error) {
    line.end();
    if (error instanceof BundleBuildError) {
      console.error(`picket bundle build: ${error.message}\nno manifest written; run the same command again to resume`);
      return 1;
    }
    throw error;
  }
  line.end();
  console.log(`built ${values.out}: ${manifest.files.length} file${manifest.files.length === 1 ? '' : 's'}, ${formatBytes(bundleBytes(manifest))}, ${manifest.components.length} component${manifest.components.length === 1 ? '' : 's'}; manifest.json written`);
  console.log(`sign it: picket bundle sign ${values.out} --key FILE`);
  return 0;
}
