import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { EmulatorConnection } from '../src/worker/client';
import { csrMap, type FirmwareChoice, type RunSpeed } from '../src/worker/emulator-api';
import { EXAMPLES, EXAMPLE_LINK_SCRIPT } from './app/examples';
import { Pane } from './app/Pane';
import { SettingsMenu } from './app/SettingsMenu';
import { loadEditorText, saveEditorText, useSettings } from './app/settings';
import { useShortcuts } from './app/useShortcuts';
import { useWorkerConnection } from './app/useWorkerConnection';
import { Controls } from './Controls';
import { AsmEditor } from './editor/AsmEditor';
import { MachineStatusBar } from './MachineStatusBar';
import {
  CsrPanel,
  DisassemblyView,
  MemoryView,
  PrivilegeIndicator,
  RegisterFile,
  Terminal,
  TrapLog,
} from './panels';
import { ProgramPicker } from './ProgramPicker';
import { useEmulator } from './useEmulator';
import './App.css';

const initialDoc = () =>
  loadEditorText() ?? { file: EXAMPLES[0]?.file ?? 'program.S', text: EXAMPLES[0]?.text ?? '' };

/**
 * The debugger page: the editor and console on the left, disassembly and memory in the middle, registers,
 * CSRs and the trap log on the right; controls and the machine's status across the top.
 */
export function App({ connect }: { connect: () => EmulatorConnection }) {
  const worker = useWorkerConnection(connect);
  const emu = useEmulator(worker.connection, worker.generation);
  const settings = useSettings();
  const [doc, setDoc] = useState(initialDoc);
  const [docKey, setDocKey] = useState(0);
  const [speed, setSpeedState] = useState<RunSpeed>({ kind: 'full' });
  const [firmware, setFirmwareKind] = useState<FirmwareChoice['kind']>('bare');
  const [lineBreakpoints, setLineBreakpoints] = useState<number[]>([]);
  const [addressBreakpoints, setAddressBreakpoints] = useState<bigint[]>([]);
  const [dragging, setDragging] = useState(false);
  const cursorLine = useRef(1);
  const { state, program } = emu;

  const onDocChange = useCallback((text: string) => {
    setDoc((d) => ({ ...d, text }));
  }, []);
  useEffect(() => {
    const t = setTimeout(() => saveEditorText(doc.text, doc.file), 300);
    return () => clearTimeout(t);
  }, [doc]);

  // Source lines of the editor's file: line -> first address, address -> line.
  const lineMap = useMemo(() => {
    const toAddress = new Map<number, bigint>();
    const toLine = new Map<bigint, number>();
    for (const l of program?.sourceLines ?? []) {
      if (l.file !== doc.file) continue;
      if (!toAddress.has(l.line)) toAddress.set(l.line, l.address);
      toLine.set(l.address, l.line);
    }
    return { toAddress, toLine };
  }, [program, doc.file]);

  const breakpoints = useMemo(() => {
    const all = new Set(addressBreakpoints);
    for (const line of lineBreakpoints) {
      const a = lineMap.toAddress.get(line);
      if (a !== undefined) all.add(a);
    }
    return [...all];
  }, [addressBreakpoints, lineBreakpoints, lineMap]);
  const { setBreakpoints } = emu;
  useEffect(() => setBreakpoints(breakpoints), [breakpoints, setBreakpoints, worker.generation]);

  const assemble = useCallback(() => {
    void emu.assemble({
      text: doc.text,
      file: doc.file,
      // Bare-metal programs use the examples' layout (code at 0x8000_0000, a stack at stack_top).
      linkerScript: firmware === 'bare' ? EXAMPLE_LINK_SCRIPT : undefined,
    });
  }, [emu, doc, firmware]);

  const chooseExample = (file: string) => {
    const ex = EXAMPLES.find((x) => x.file === file);
    if (!ex) return;
    setDoc({ file: ex.file, text: ex.text });
    setDocKey((k) => k + 1);
    setLineBreakpoints([]);
    void emu.assemble({
      text: ex.text,
      file: ex.file,
      linkerScript: firmware === 'bare' ? EXAMPLE_LINK_SCRIPT : undefined,
    });
  };

  const openElf = async (file: File) => void emu.loadElf(new Uint8Array(await file.arrayBuffer()), file.name);
  const chooseFirmware = (choice: FirmwareChoice) => {
    setFirmwareKind(choice.kind);
    void emu.setFirmware(choice);
  };
  const setSpeed = (s: RunSpeed) => {
    setSpeedState(s);
    emu.setSpeed(s);
  };
  const runToCursor = () => {
    const a = lineMap.toAddress.get(cursorLine.current);
    if (a !== undefined) emu.runTo(a);
  };
  const toggleLine = (line: number) =>
    setLineBreakpoints((ls) => (ls.includes(line) ? ls.filter((l) => l !== line) : [...ls, line]));
  const toggleAddress = (a: bigint) => {
    const line = lineMap.toLine.get(a);
    if (line !== undefined && lineBreakpoints.includes(line)) return toggleLine(line);
    setAddressBreakpoints((as) => (as.includes(a) ? as.filter((x) => x !== a) : [...as, a]));
  };

  const status = state?.status ?? { kind: 'empty' as const };
  useShortcuts({
    runPause: () => (status.kind === 'running' ? emu.pause() : emu.run()),
    step: emu.step,
    stepOver: emu.stepOver,
    stepOut: emu.stepOut,
    runToCursor,
    reset: emu.reset,
  });

  const paused = state !== null && status.kind !== 'running';
  const csrs = useMemo(() => (state ? csrMap(state.csrs) : new Map<string, bigint>()), [state]);
  const previousCsrs = useMemo(() => (emu.previous ? csrMap(emu.previous.csrs) : undefined), [emu.previous]);
  const pcLine = state && status.kind !== 'running' ? (lineMap.toLine.get(state.pc) ?? null) : null;
  const registers = state
    ? [
        { name: 'pc', value: state.pc },
        { name: 'sp', value: state.x[2] },
        { name: 'gp', value: state.x[3] },
        { name: 'a0', value: state.x[10] },
      ]
    : [];

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f) void openElf(f);
  };

  return (
    <div
      className={dragging ? 'app dragging' : 'app'}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => e.currentTarget === e.target && setDragging(false)}
      onDrop={onDrop}
    >
      <header className="app-header">
        <h1>hartscope</h1>
        <ProgramPicker
          example={EXAMPLES.some((x) => x.file === doc.file) ? doc.file : null}
          onExample={chooseExample}
          onAssemble={assemble}
          onOpenElf={(f) => void openElf(f)}
          firmware={firmware}
          onFirmware={chooseFirmware}
        />
        <div className="spacer" />
        {state && <PrivilegeIndicator priv={state.priv} compact />}
        <SettingsMenu {...settings} />
      </header>
      <section className="app-toolbar" aria-label="Run controls and machine status">
        <Controls
          status={status}
          speed={speed}
          onSpeed={setSpeed}
          onRun={emu.run}
          onPause={emu.pause}
          onStep={emu.step}
          onStepOver={emu.stepOver}
          onStepOut={emu.stepOut}
          onRunToCursor={runToCursor}
          onReset={emu.reset}
        />
        {state && <MachineStatusBar state={state} />}
      </section>
      {(worker.failure ?? emu.loadError) !== null && (
        <p className="app-alert" role="alert">
          {worker.failure ?? emu.loadError}
          {worker.failure && (
            <button type="button" onClick={worker.dismissFailure} aria-label="Dismiss">
              ×
            </button>
          )}
        </p>
      )}
      <main className="app-grid">
        <Pane title={doc.file} className="area-editor" testId="editor-pane">
          <AsmEditor
            value={doc.text}
            docKey={String(docKey)}
            onChange={onDocChange}
            diagnostics={emu.diagnostics}
            breakpointLines={lineBreakpoints}
            pcLine={pcLine}
            onToggleBreakpoint={toggleLine}
            onCursorLine={(l) => (cursorLine.current = l)}
          />
        </Pane>
        <Pane title="Console (UART)" className="area-console">
          <Terminal registerWrite={emu.registerConsole} onInput={emu.consoleInput} rows={12} />
        </Pane>
        <Pane title="Disassembly" className="area-disasm">
          <DisassemblyView
            lines={emu.disasm}
            pc={state?.pc ?? 0n}
            breakpoints={breakpoints}
            onToggleBreakpoint={toggleAddress}
            onRunToHere={emu.runTo}
            rows={22}
          />
        </Pane>
        <Pane title="Memory" className="area-memory">
          <MemoryView
            read={emu.readMemory}
            generation={emu.generation}
            rows={10}
            symbols={program?.symbols ?? []}
            registers={registers}
            editable={paused}
            onWriteByte={(a, v) => emu.writeMemory(a, new Uint8Array([v]))}
            initialAddress={0x8000_0000n}
          />
        </Pane>
        <Pane title="Registers" className="area-regs">
          {state && (
            <RegisterFile
              x={state.x}
              pc={state.pc}
              changed={status.kind === 'running' ? 0 : state.changedMask}
              editable={paused}
              onEdit={emu.writeRegister}
              onEditPc={(v) => emu.writeRegister(32, v)}
            />
          )}
        </Pane>
        <Pane title="CSRs" className="area-csrs">
          {state && <CsrPanel csrs={csrs} previous={previousCsrs} priv={state.priv} />}
        </Pane>
        <Pane title="Traps" className="area-traps">
          <TrapLog events={emu.traps} dropped={emu.trapsDropped} onJump={emu.showDisassembly} />
        </Pane>
      </main>
    </div>
  );
}
