import type { MachineOptions } from '../../src/worker/emulator-api';

/**
 * The hart's two trap-and-emulate switches: misaligned loads and stores trapped instead of performed, and no
 * `time` CSR. With either on, the firmware (hartscope's monitor) must emulate what the hart does not do; the
 * trap log shows each emulation as a trap into M-mode. Props: the current options and a change callback.
 */
export function MachineOptionsPicker({
  options,
  onChange,
}: {
  options: MachineOptions;
  onChange(options: MachineOptions): void;
}) {
  return (
    <fieldset className="machine-options">
      <legend>Hart</legend>
      <label title="Misaligned loads and stores trap (cause 4 or 6), so firmware must emulate them">
        <input
          type="checkbox"
          checked={options.misalignedAccess === 'trap'}
          onChange={(e) => onChange({ ...options, misalignedAccess: e.target.checked ? 'trap' : 'perform' })}
        />
        trap misaligned
      </label>
      <label title="Reading the time CSR is an illegal instruction, so firmware must emulate it">
        <input
          type="checkbox"
          checked={options.timeCsr === 'absent'}
          onChange={(e) => onChange({ ...options, timeCsr: e.target.checked ? 'absent' : 'provided' })}
        />
        no time CSR
      </label>
    </fieldset>
  );
}
