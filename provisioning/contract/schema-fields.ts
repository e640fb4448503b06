/**
 * Every field name a zod schema can produce, with its path, found by walking the schema itself (objects,
 * arrays, unions, records, optionals, pipes, lazies …), not by sampling values. Used to prove properties of the
 * contract's shapes, such as "no response or event has a field for a secret".
 */
import type { z } from 'zod';

export interface SchemaField {
  /** `hosts[].login.secretName` */
  path: string;
  name: string;
}

/** Wrappers whose inner schema is the shape. */
const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'success'] as const;
/** Schemas with no fields inside. */
const LEAVES = new Set([
  'string', 'number', 'int', 'boolean', 'bigint', 'symbol', 'null', 'undefined', 'void', 'never', 'any', 'unknown',
  'date', 'nan', 'literal', 'enum', 'template_literal', 'file', 'custom', 'transform',
]);

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

export function schemaFields(schema: z.ZodType, path = ''): SchemaField[] {
  const seen = new Set<z.ZodType>();
  const fields: SchemaField[] = [];
  const walk = (node: z.ZodType, at: string): void => {
    if (seen.has(node)) return; // a recursive (lazy) schema is walked once
    seen.add(node);
    const def = defOf(node);
    if (LEAVES.has(def.type)) return;
    if ((WRAPPERS as readonly string[]).includes(def.type)) return walk(def.innerType!, at);
    switch (def.type) {
      case 'object':
        for (const [name, child] of Object.entries(def.shape ?? {})) {
          const childPath = at ? `${at}.${name}` : name;
          fields.push({ path: childPath, name });
          walk(child, childPath);
        }
        return;
      case 'array':
      case 'set':
        return walk(def.element ?? def.valueType!, `${at}[]`);
      case 'record':
      case 'map':
        walk(def.keyType!, `${at}{key}`);
        return walk(def.valueType!, `${at}{}`);
      case 'union':
        for (const option of def.options ?? []) walk(option, at);
        return;
      case 'intersection':
        walk(def.left!, at);
        return walk(def.right!, at);
      case 'tuple':
        (def.items ?? []).forEach((item, i) => walk(item, `${at}[${i}]`));
        if (def.rest) walk(def.rest, `${at}[]`);
        return;
      case 'pipe':
        walk(def.in!, at);
        return walk(def.out!, at);
      case 'lazy':
        return walk(def.getter!(), at);
      case 'promise':
        return walk(def.innerType!, at);
      default:
        // A kind of schema this walker does not know could hide fields: fail loudly rather than skip it.
        throw new Error(`schemaFields: cannot walk a zod "${def.type}" schema at ${at || '(root)'}`);
    }
  };
  walk(schema, path);
  return fields;
}
