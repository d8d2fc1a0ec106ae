import type { MachineStateView } from '../src/worker/emulator-api';
import { hex64, privilegeText, statusText } from './format';
import './MachineStatusBar.css';

/** pc, privilege mode, instructions retired and why the machine stopped. */
export function MachineStatusBar({ state }: { state: MachineStateView }) {
  return (
    <dl className="status-bar" aria-label="Machine status">
      <div>
        <dt>program</dt>
        <dd data-testid="program">{state.program ?? '—'}</dd>
      </div>
      <div>
        <dt>pc</dt>
        <dd data-testid="pc" className="mono">
          {hex64(state.pc)}
        </dd>
      </div>
      <div>
        <dt>mode</dt>
        <dd data-testid="priv" className={`priv priv-${state.priv}`}>
          {privilegeText(state.priv)}
        </dd>
      </div>
      <div>
        <dt>instructions retired</dt>
        <dd data-testid="instret" className="mono">
          {state.instructionsRetired.toLocaleString('en-US')}
        </dd>
      </div>
      <div>
        <dt>status</dt>
        <dd data-testid="status" className={`status status-${state.status.kind}`}>
          {statusText(state.status)}
        </dd>
      </div>
    </dl>
  );
}
