/**
 * The page's keyboard help: a "Keys" disclosure listing the debugger's shortcuts (from the one shortcut
 * table, ui/app/useShortcuts.ts) and how each panel is used without a mouse. It says how to leave the
 * editor, because the editor takes Tab for indenting: CodeMirror's convention is Escape, then Tab.
 */
import { SHORTCUTS } from '../app/useShortcuts';
import './panel-theme.css';
import './KeyboardHelp.css';

const KEYS: readonly (readonly [string, string])[] = [
  [SHORTCUTS.runPause, 'run or pause (Space and the letters only outside the editor and text fields)'],
  [SHORTCUTS.step, 'step one instruction'],
  [SHORTCUTS.stepOver, 'step over a call'],
  [SHORTCUTS.stepOut, 'step out of the current function'],
  [SHORTCUTS.runToCursor, "run to the editor cursor's line"],
  [SHORTCUTS.reset, 'reset the machine'],
  [SHORTCUTS.stepBack, 'step back one instruction (time travel)'],
  [SHORTCUTS.runBack, 'run back to the previous breakpoint'],
  [SHORTCUTS.presentation, 'presentation mode on or off (large type, high contrast, fewer panes)'],
  ['Tab / Shift+Tab', 'move between controls and panes; a focused pane scrolls with the arrow keys'],
  ['Esc, then Tab', 'leave the editor (in the editor, Tab alone indents)'],
  ['Tab', 'console: leave it (typing goes to the guest; Ctrl+I types a tab)'],
  ['↑ ↓ Home End', 'disassembly: move between lines; B toggles a breakpoint, R runs to the line'],
  ['Enter', 'registers (while paused): edit the focused value; Enter saves, Esc cancels'],
  ['arrows, Enter', 'memory: move the cursor; Enter or a hex digit edits the byte (while paused)'],
  ['Enter', 'trap log: show the focused trap’s instruction in the disassembly'],
];

export function KeyboardHelp() {
  return (
    <details className="hs-keyboard-help">
      <summary title="Keyboard shortcuts and keyboard use">⌨ Keys</summary>
      <div className="hs-panel hs-keyboard-help-body" role="group" aria-label="Keyboard shortcuts">
        <table>
          <caption>Keyboard</caption>
          <tbody>
            {KEYS.map(([keys, what]) => (
              <tr key={`${keys}:${what}`}>
                <th scope="row">
                  <kbd>{keys}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
