import { SCALES, type Theme } from './settings';

interface Props {
  theme: Theme;
  setTheme(t: Theme): void;
  scale: number;
  setScale(s: number): void;
  /** Teaching (issue 6): presentation mode (ui/teaching/presentation.css); the toggle shows when given. */
  presentation?: boolean;
  setPresentation?(on: boolean): void;
}

/** Theme and UI scale, at the right of the header. */
export function SettingsMenu({ theme, setTheme, scale, setScale, presentation, setPresentation }: Props) {
  return (
    <div className="settings" role="group" aria-label="Display settings">
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
  );
}
