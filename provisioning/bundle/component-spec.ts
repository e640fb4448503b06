/**
 * `--component name=rke2,version=v1.36.4+rke2r1,kind=rke2[,path=rke2]` for `build --from`: a component made of
 * the files under `path` (a folder or one file of the source; default: a folder named like the component).
 */
import { COMPONENT_KINDS, type BundleComponent, type ComponentKind } from './bundle-manifest.ts';

export interface ComponentSpec {
  name: string;
  version: string;
  kind: ComponentKind;
  path: string;
}

/** Parses one --component value; throws saying which field is missing or wrong. */
export function parseComponentSpec(text: string): ComponentSpec {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`--component ${JSON.stringify(text)}: expected name=…,version=…,kind=…[,path=…], got ${JSON.stringify(part)}`);
    const key = part.slice(0, eq).trim();
    if (!['name', 'version', 'kind', 'path'].includes(key)) throw new Error(`--component ${JSON.stringify(text)}: unknown field ${JSON.stringify(key)} (fields: name, version, kind, path)`);
    fields.set(key, part.slice(eq + 1).trim());
  }
  for (const key of ['name', 'version', 'kind']) {
    if (!fields.get(key)) throw new Error(`--component ${JSON.stringify(text)}: give ${key}=…`);
  }
  const kind = fields.get('kind')!;
  if (!(COMPONENT_KINDS as readonly string[]).includes(kind)) throw new Error(`--component ${JSON.stringify(text)}: kind must be one of ${COMPONENT_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  const name = fields.get('name')!;
  return { name, version: fields.get('version')!, kind: kind as ComponentKind, path: (fields.get('path') ?? name).replace(/\/+$/, '') };
}

/** The component with the bundle paths its spec covers; throws when it covers none. */
export function resolveComponent(spec: ComponentSpec, paths: readonly string[]): BundleComponent {
  const files = paths.filter((p) => p === spec.path || p.startsWith(`${spec.path}/`));
  if (files.length === 0) throw new Error(`component ${spec.name}: no file at or under ${JSON.stringify(spec.path)} in the source (set path=… to where its files are)`);
  return { name: spec.name, version: spec.version, kind: spec.kind, files };
}
