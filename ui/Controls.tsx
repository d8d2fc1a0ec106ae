import type { MachineStatus } from '../src/worker/emulator-api';
import './Controls.css';

interface Props {
  status: MachineStatus;
  onRun(): void;
  onPause(): void;
  onStep(): void;
  onReset(): void;
}

const RUNNABLE = new Set(['ready', 'paused', 'budget']);

/** Run / Pause / Step / Reset, each enabled only when it means something. */
export function Controls({ status, onRun, onPause, onStep, onReset }: Props) {
  const running = status.kind === 'running';
  const runnable = RUNNABLE.has(status.kind);
  const loaded = status.kind !== 'empty';
  return (
    <div className="controls" role="toolbar" aria-label="Machine controls">
      <button type="button" onClick={onRun} disabled={!runnable}>
        Run
      </button>
      <button type="button" onClick={onPause} disabled={!running}>
        Pause
      </button>
      <button type="button" onClick={onStep} disabled={!runnable}>
        Step
      </button>
      <button type="button" onClick={onReset} disabled={!loaded}>
        Reset
      </button>
    </div>
  );
}
