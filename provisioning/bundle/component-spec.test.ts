/** --component name=…,version=…,kind=…[,path=…] for build --from. */
import { describe, expect, it } from 'vitest';
import { parseComponentSpec, resolveComponent } from './component-spec.ts';

describe('component specs', () => {
  it('parses the fields, defaulting path to the name', () => {
    expect(parseComponentSpec('name=rke2,version=v1.36.4+rke2r1,kind=rke2')).toEqual({ name: 'rke2', version: 'v1.36.4+rke2r1', kind: 'rke2', path: 'rke2' });
    expect(parseComponentSpec('kind=image, name=zeek, version=8.0.1, path=images/zeek/')).toMatchObject({ path: 'images/zeek' });
  });

  it.each([
    ['name=x,version=1', 'give kind=…'],
    ['name=x,version=1,kind=binary', 'kind must be one of rke2, image, chart, tool, package, rules, got "binary"'],
    ['name=x,version=1,kind=tool,colour=red', 'unknown field "colour"'],
    ['rke2', 'expected name=…,version=…,kind=…[,path=…], got "rke2"'],
  ])('refuses %j', (text, message) => expect(() => parseComponentSpec(text)).toThrow(message));

  it('takes the files at or under its path, and refuses a path with none', () => {
    const paths = ['rke2/a', 'rke2/b', 'rke2-extra/c', 'images/zeek.tar'];
    expect(resolveComponent(parseComponentSpec('name=rke2,version=1,kind=rke2'), paths).files).toEqual(['rke2/a', 'rke2/b']);
    expect(resolveComponent(parseComponentSpec('name=zeek,version=1,kind=image,path=images/zeek.tar'), paths).files).toEqual(['images/zeek.tar']);
    expect(() => resolveComponent(parseComponentSpec('name=helm,version=1,kind=tool'), paths)).toThrow('component helm: no file at or under "helm"');
  });
});
