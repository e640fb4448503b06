/**
 * Selecting text in a terminal copies it, as in most terminal emulators on Linux: no Ctrl-C, which the shell
 * needs for itself. A clipboard that refuses (an insecure context, no permission) only costs the copy.
 */
import type { IDisposable, Terminal } from '@xterm/xterm';

export interface ClipboardLike {
  writeText(text: string): Promise<void>;
}

function browserClipboard(): ClipboardLike | undefined {
  return (globalThis as { navigator?: { clipboard?: ClipboardLike } }).navigator?.clipboard;
}

export function copyOnSelect(xterm: Pick<Terminal, 'onSelectionChange' | 'hasSelection' | 'getSelection'>, clipboard = browserClipboard()): IDisposable {
  return xterm.onSelectionChange(() => {
    if (!clipboard || !xterm.hasSelection()) return;
    const text = xterm.getSelection();
    if (text) clipboard.writeText(text).catch(() => undefined);
  });
}
