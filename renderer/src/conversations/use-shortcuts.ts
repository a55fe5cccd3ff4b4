// The console's keyboard shortcuts, listened for on the whole window while the conversations screen is
// shown (not while a dialog is open: the dialog owns the keyboard then). Alt-based, so they never take
// a key from typing or from the browser's own shortcuts.
import { useEffect, useRef } from 'react';

export interface ShortcutActions {
  newConversation: () => void;
  next: () => void;
  previous: () => void;
  focusComposer: () => void;
  search: () => void;
}

export const SHORTCUTS: { keys: string; does: string }[] = [
  { keys: 'Alt+N', does: 'New conversation' },
  { keys: 'Alt+↓', does: 'Next conversation' },
  { keys: 'Alt+↑', does: 'Previous conversation' },
  { keys: 'Alt+M', does: 'Focus the message box' },
  { keys: 'Enter or Ctrl+Enter', does: 'Send (in the message box)' },
  { keys: 'Shift+Enter', does: 'New line in the message' },
  { keys: 'Alt+F', does: 'Search in the conversation' },
];

export function useShortcuts(active: boolean, actions: ShortcutActions) {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || document.querySelector('dialog[open]')) return;
      const action = {
        KeyN: latest.current.newConversation,
        ArrowDown: latest.current.next,
        ArrowUp: latest.current.previous,
        KeyM: latest.current.focusComposer,
        KeyF: latest.current.search,
      }[event.code];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [active]);
}
