import type {
  FirmwareChoice,
  MachineOptions,
  MachineStatus,
  PrivilegeLevel,
  RunSpeed,
} from '../../src/worker/emulator-api';
import { Controls, SpeedPicker } from '../Controls';
import { KeyboardHelp, PrivilegeIndicator } from '../panels';
import { FirmwarePicker, ProgramPicker } from '../ProgramPicker';
import { MachineOptionsPicker } from './MachineOptionsPicker';
import { SettingsMenu } from './SettingsMenu';
import type { Theme } from './settings';

export interface AppHeaderProps {
  /** The example shown in the Examples menu (the editor's file when it is one). */
  example: string | null;
  onExample(file: string): void;
  onAssemble(): void;
  status: MachineStatus;
  /** The hart's privilege mode; null before the worker's first state view. */
  priv: PrivilegeLevel | null;
  run: {
    onRun(): void;
    onPause(): void;
    onStep(): void;
    onStepOver(): void;
    onStepOut(): void;
    onRunToCursor(): void;
    onReset(): void;
    onStepBack(): void;
    onRunBack(): void;
  };
  machinesShown: boolean;
  onMachines(): void;
  settings: {
    theme: Theme;
    setTheme(t: Theme): void;
    scale: number;
    setScale(s: number): void;
    presentation: boolean;
    setPresentation(on: boolean): void;
    speed: RunSpeed;
    onSpeed(s: RunSpeed): void;
    firmware: FirmwareChoice['kind'];
    onFirmware(choice: FirmwareChoice): void;
    machineOptions: MachineOptions;
    onMachineOptions(options: MachineOptions): void;
  };
}

/**
 * The debugger page's header, one row at 1280 px and wider: the program (Examples, Assemble & load), the
 * run controls, the privilege mode (always shown), the Machines view, the keyboard help, and the settings
 * menu (theme, UI scale, presentation, run speed, firmware, hart options). Narrower windows wrap it.
 */
export function AppHeader({ settings: s, ...p }: AppHeaderProps) {
  return (
    <header className="app-header">
      <h1>hartscope</h1>
      <ProgramPicker example={p.example} onExample={p.onExample} onAssemble={p.onAssemble} />
      <Controls status={p.status} {...p.run} />
      <div className="spacer" />
      {p.priv !== null && <PrivilegeIndicator priv={p.priv} compact />}
      <button
        type="button"
        aria-pressed={p.machinesShown}
        onClick={p.onMachines}
        title="Several machines side by side, each in its own worker"
      >
        Machines
      </button>
      <KeyboardHelp />
      <SettingsMenu
        theme={s.theme}
        setTheme={s.setTheme}
        scale={s.scale}
        setScale={s.setScale}
        presentation={s.presentation}
        setPresentation={s.setPresentation}
      >
        <div className="settings-row">
          <SpeedPicker speed={s.speed} onSpeed={s.onSpeed} />
        </div>
        <div className="settings-row">
          <FirmwarePicker firmware={s.firmware} onFirmware={s.onFirmware} />
        </div>
        <div className="settings-row">
          <MachineOptionsPicker options={s.machineOptions} onChange={s.onMachineOptions} />
        </div>
      </SettingsMenu>
    </header>
  );
}
