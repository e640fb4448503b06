import { describe, expect, it } from 'vitest';
import { FakeClipboard } from '../../../test/support/xterm-doubles.ts';
import { copyOnSelect } from './copy-on-select.ts';

/** Just enough of xterm's selection API: the test selects text and xterm reports the change. */
function selectable() {
  let selection = '';
  let listener: (() => void) | undefined;
  return {
    xterm: {
      onSelectionChange: (l: () => void) => {
        listener = l;
        return { dispose: () => (listener = undefined) };
      },
      hasSelection: () => selection !== '',
      getSelection: () => selection,
    },
    select: (text: string) => {
      selection = text;
      listener?.();
    },
  };
}

describe('copyOnSelect', () => {
  it('copies what is selected, and nothing when the selection is cleared or after dispose', async () => {
    const { xterm, select } = selectable();
    const clipboard = new FakeClipboard();
    const copying = copyOnSelect(xterm, clipboard);
    select('lab-2');
    select('');
    copying.dispose();
    select('later');
    await Promise.resolve();
    expect(clipboard.copied).toEqual(['lab-2']);
  });

  it('shrugs off a clipboard that refuses', async () => {
    const { xterm, select } = selectable();
    const clipboard = new FakeClipboard();
    clipboard.refuse = true;
    copyOnSelect(xterm, clipboard);
    expect(() => select('x')).not.toThrow();
    await Promise.resolve();
  });
});
