import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { SCALES, type Theme } from './settings';
import './SettingsMenu.css';

interface Props {
  theme: Theme;
  setTheme(t: Theme): void;
  scale: number;
  setScale(s: number): void;
  /** Teaching (issue 6): presentation mode (ui/teaching/presentation.css); the toggle shows when given. */
  presentation?: boolean;
  setPresentation?(on: boolean): void;
  /** More settings below the display's: the run speed, the firmware, the hart's options (the page's). */
  children?: ReactNode;
}

/**
 * The page's settings behind one button at the right of the header: theme, UI scale, presentation mode,
 * and whatever the page adds (run speed, firmware, hart options). A menu button (WAI-ARIA disclosure of a
 * non-modal dialog): Enter or Space opens it and moves focus to its first control; Escape, a click outside
 * it or focus leaving it closes it, Escape returning focus to the button. The settings apply as they change.
 */
export function SettingsMenu({
  theme,
  setTheme,
  scale,
  setScale,
  presentation,
  setPresentation,
  children,
}: Props) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('button, select, input:not([hidden])')?.focus();
    const inside = (t: EventTarget | null) =>
      t instanceof Node && (panel.current?.contains(t) === true || button.current?.contains(t) === true);
    const onPointer = (e: PointerEvent) => {
      if (!inside(e.target)) setOpen(false);
    };
    // Focus moving elsewhere in the page (Tab past the last setting, a click on another control) closes it.
    const onFocus = (e: FocusEvent) => {
      if (!inside(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('focusin', onFocus);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('focusin', onFocus);
    };
  }, [open]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div className="settings-menu" onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className="settings-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        title="Theme, UI scale, presentation mode, run speed, firmware and hart options"
      >
        <span aria-hidden="true">⚙</span> Settings
      </button>
      <div
        ref={panel}
        id={id}
        className="hs-panel settings-panel"
        role="dialog"
        aria-label="Settings"
        hidden={!open}
      >
        {/* Always mounted (hidden while closed), so a firmware file being chosen survives a close. */}
        {
          <>
            <div className="settings-row" role="group" aria-label="Display">
              <span className="settings-label" aria-hidden="true">
                Display
              </span>
              <button
                type="button"
                onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
                aria-label={theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'}
                title="Light or dark theme"
              >
                {theme === 'dark' ? '☀ Light' : '☾ Dark'}
              </button>
              <label title="UI scale (for projectors and small screens)">
                <span className="sr-only">UI scale</span>
                <select
                  aria-label="UI scale"
                  value={String(scale)}
                  onChange={(e) => setScale(Number(e.target.value))}
                >
                  {SCALES.map((s) => (
                    <option key={s} value={String(s)}>
                      {Math.round(s * 100)}%
                    </option>
                  ))}
                </select>
              </label>
              {setPresentation && (
                <button
                  type="button"
                  aria-pressed={presentation === true}
                  onClick={() => setPresentation(!presentation)}
                  title="Presentation mode: large type, high contrast, fewer panes (Shift+P)"
                >
                  Present
                </button>
              )}
            </div>
            {children}
          </>
        }
      </div>
    </div>
  );
}
