/**
 * The privilege mode the hart runs in, large and always visible: the letter, its name, and a ladder of the
 * three modes with the current one marked by position, border and arrow as well as colour.
 * Props: priv (0 U, 1 S, 3 M); compact? (letter and name only).
 */
import type { PrivilegeLevel } from '../../src/worker/emulator-api';
import './panel-theme.css';
import './PrivilegeIndicator.css';

export interface PrivilegeIndicatorProps {
  priv: PrivilegeLevel;
  compact?: boolean;
}

const MODES: readonly { level: PrivilegeLevel; letter: string; name: string; hint: string }[] = [
  { level: 3, letter: 'M', name: 'machine', hint: 'firmware: everything allowed' },
  { level: 1, letter: 'S', name: 'supervisor', hint: 'the operating system kernel' },
  { level: 0, letter: 'U', name: 'user', hint: 'applications' },
];

export function PrivilegeIndicator({ priv, compact = false }: PrivilegeIndicatorProps) {
  const mode = MODES.find((m) => m.level === priv) ?? MODES[0];
  return (
    <div
      className={`hs-panel hs-priv hs-priv-${mode.letter.toLowerCase()}${compact ? ' hs-priv-compact' : ''}`}
      role="status"
      aria-label={`Privilege mode: ${mode.letter} (${mode.name})`}
      data-testid="priv-indicator"
    >
      <span className="hs-priv-letter" aria-hidden="true">
        {mode.letter}
      </span>
      <span className="hs-priv-text">
        <span className="hs-priv-caption">privilege mode</span>
        {/* Compact (the header's one row): the name alone; the aria-label says "privilege mode". */}
        <span className="hs-priv-name">{compact ? mode.name : `${mode.name} mode`}</span>
      </span>
      {!compact && (
        <ol className="hs-priv-ladder" aria-hidden="true">
          {MODES.map((m) => (
            <li key={m.letter} className={m.level === priv ? 'hs-priv-step hs-priv-current' : 'hs-priv-step'}>
              <span className="hs-priv-arrow">{m.level === priv ? '▶' : ''}</span>
              <span className="hs-priv-step-letter">{m.letter}</span> {m.hint}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
