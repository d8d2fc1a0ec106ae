import type { Remote } from 'comlink';
import type { EmulatorApi } from '../src/worker/emulator-api';
import { ConsoleView } from './ConsoleView';
import { Controls } from './Controls';
import { MachineStatusBar } from './MachineStatusBar';
import { ProgramPicker } from './ProgramPicker';
import { RegisterFile } from './RegisterFile';
import { useEmulator } from './useEmulator';
import './App.css';

/** The app shell: choose a program, run it, and watch its console, registers, pc and privilege mode. */
export function App({ api }: { api: Remote<EmulatorApi> }) {
  const emu = useEmulator(api);
  const state = emu.state;
  return (
    <div className="app">
      <header>
        <h1>hartscope</h1>
        <p className="tagline">a RISC-V RV64 machine in a browser tab, built to be looked into</p>
      </header>
      <ProgramPicker onLoad={emu.loadElf} error={emu.loadError} />
      {state !== null && (
        <>
          <div className="toolbar">
            <Controls
              status={state.status}
              onRun={emu.run}
              onPause={emu.pause}
              onStep={emu.step}
              onReset={emu.reset}
            />
            <MachineStatusBar state={state} />
          </div>
          <main className="panels">
            <section aria-labelledby="console-title">
              <h2 id="console-title">Console (UART)</h2>
              <ConsoleView text={emu.consoleText} />
            </section>
            <section aria-labelledby="registers-title">
              <h2 id="registers-title">Registers</h2>
              <RegisterFile x={state.x} />
            </section>
          </main>
        </>
      )}
    </div>
  );
}
