import type { MachineStatus, RunSpeed } from '../src/worker/emulator-api';
import { SHORTCUTS } from './app/useShortcuts';
import './Controls.css';

interface Props {
  status: MachineStatus;
  onRun(): void;
  onPause(): void;
  onStep(): void;
  onStepOver(): void;
  onStepOut(): void;
  onRunToCursor(): void;
  onReset(): void;
  // Teaching (issue 6): time travel; the buttons are shown only when given.
  onStepBack?(): void;
  onRunBack?(): void;
}

const RUNNABLE = new Set(['ready', 'paused', 'budget']);

const SPEEDS: { label: string; speed: RunSpeed }[] = [
  { label: 'Single step', speed: { kind: 'step' } },
  { label: 'Slow (5/s)', speed: { kind: 'slow', perSecond: 5 } },
  { label: 'Slow (60/s)', speed: { kind: 'slow', perSecond: 60 } },
  { label: 'Fast (6000/s)', speed: { kind: 'slow', perSecond: 6000 } },
  { label: 'Full speed', speed: { kind: 'full' } },
];
const speedKey = (s: RunSpeed): string => (s.kind === 'slow' ? `slow-${s.perSecond}` : s.kind);

/**
 * The debugger's commands, each enabled only when it means something, with its shortcut in the tooltip.
 * Short visible labels (or a glyph) so that they fit the header's one row; each button's accessible name is
 * the whole command ("Step over", "Run back"), which contains its visible label.
 */
export function Controls(p: Props) {
  const running = p.status.kind === 'running';
  const runnable = RUNNABLE.has(p.status.kind);
  const loaded = p.status.kind !== 'empty';
  const tip = (what: string, key: keyof typeof SHORTCUTS) => `${what} (${SHORTCUTS[key]})`;
  return (
    <div className="controls" role="toolbar" aria-label="Machine controls">
      {running ? (
        <button
          type="button"
          className="primary"
          onClick={p.onPause}
          aria-label="Pause"
          title={tip('Pause', 'runPause')}
        >
          ❚❚ Pause
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          onClick={p.onRun}
          disabled={!runnable}
          aria-label="Run"
          title={tip('Run', 'runPause')}
        >
          ▶ Run
        </button>
      )}
      <button
        type="button"
        onClick={p.onStep}
        disabled={!runnable}
        title={tip('Step one instruction', 'step')}
      >
        Step
      </button>
      <button
        type="button"
        onClick={p.onStepOver}
        disabled={!runnable}
        aria-label="Step over"
        title={tip('Step over a call', 'stepOver')}
      >
        Over
      </button>
      <button
        type="button"
        onClick={p.onStepOut}
        disabled={!runnable}
        aria-label="Step out"
        title={tip('Step out of this function', 'stepOut')}
      >
        Out
      </button>
      {p.onStepBack && (
        <button
          type="button"
          onClick={p.onStepBack}
          disabled={!loaded || running}
          aria-label="Step back"
          title={tip('Step back one instruction', 'stepBack')}
        >
          ⟵
        </button>
      )}
      {p.onRunBack && (
        <button
          type="button"
          onClick={p.onRunBack}
          disabled={!loaded || running}
          aria-label="Run back"
          title={tip('Run back to the previous breakpoint', 'runBack')}
        >
          ⇤
        </button>
      )}
      <button
        type="button"
        onClick={p.onRunToCursor}
        disabled={!runnable}
        aria-label="Run to cursor"
        title={tip("Run to the editor cursor's line", 'runToCursor')}
      >
        To cursor
      </button>
      <button
        type="button"
        onClick={p.onReset}
        disabled={!loaded}
        aria-label="Reset"
        title={tip('Reset', 'reset')}
      >
        ⟲
      </button>
    </div>
  );
}

/** How fast Run runs: one step per press, slow enough to watch, or full speed. */
export function SpeedPicker({ speed, onSpeed }: { speed: RunSpeed; onSpeed(speed: RunSpeed): void }) {
  return (
    <label className="speed">
      <span>Speed</span>
      <select
        aria-label="Speed"
        value={speedKey(speed)}
        onChange={(e) => onSpeed(SPEEDS.find((s) => speedKey(s.speed) === e.target.value)!.speed)}
      >
        {SPEEDS.map((s) => (
          <option key={speedKey(s.speed)} value={speedKey(s.speed)}>
            {s.label}
          </option>
        ))}
      </select>
    </label>
  );
}
