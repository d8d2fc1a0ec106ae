/**
 * Debugger keyboard shortcuts, as in VS Code: F5 run/pause, F10 step over, F11 step into (Shift+F11 out),
 * Ctrl+F10 run to cursor, Ctrl+Shift+F5 reset. Outside the editor and text fields also the single keys
 * s (step), o (step over), u (step out) and space (run/pause), which the editor needs for typing.
 */
import { useEffect, useRef } from 'react';

export interface ShortcutActions {
  runPause(): void;
  step(): void;
  stepOver(): void;
  stepOut(): void;
  runToCursor(): void;
  reset(): void;
  // Teaching (issue 6): time travel and the presentation mode.
  stepBack?(): void;
  runBack?(): void;
  presentation?(): void;
}

/** The shortcut table, also shown in the buttons' tooltips. */
export const SHORTCUTS: Record<keyof ShortcutActions, string> = {
  runPause: 'F5 / Space',
  step: 'F11 / s',
  stepOver: 'F10 / o',
  stepOut: 'Shift+F11 / u',
  runToCursor: 'Ctrl+F10',
  reset: 'Ctrl+Shift+F5',
  stepBack: 'Ctrl+F11 / Shift+S',
  runBack: 'Shift+F5 / Shift+B',
  presentation: 'Shift+P',
};

function typingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.closest('input, textarea, select, [contenteditable], .xterm') !== null;
}

function actionFor(e: KeyboardEvent): keyof ShortcutActions | null {
  if (e.altKey || e.metaKey) return null;
  const ctrl = e.ctrlKey;
  switch (e.key) {
    case 'F5':
      return ctrl && e.shiftKey ? 'reset' : ctrl ? null : e.shiftKey ? 'runBack' : 'runPause';
    case 'F10':
      return ctrl ? 'runToCursor' : 'stepOver';
    case 'F11':
      return ctrl ? (e.shiftKey ? null : 'stepBack') : e.shiftKey ? 'stepOut' : 'step';
  }
  if (ctrl || typingTarget(e.target) || (e.target instanceof HTMLButtonElement && e.key === ' ')) return null;
  switch (e.key) {
    case ' ':
      return 'runPause';
    case 's':
      return 'step';
    case 'o':
      return 'stepOver';
    case 'u':
      return 'stepOut';
    case 'S':
      return 'stepBack';
    case 'B':
      return 'runBack';
    case 'P':
      return 'presentation';
  }
  return null;
}

export function useShortcuts(actions: ShortcutActions): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = actionFor(e);
      const run = action === null ? undefined : latest.current[action];
      if (run === undefined) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
