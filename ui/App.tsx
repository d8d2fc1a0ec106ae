import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { EmulatorConnection } from '../src/worker/client';
import type { FirmwareChoice, MachineOptions, RunSpeed } from '../src/worker/emulator-api';
import { AppHeader } from './app/AppHeader';
import { AppToolbar } from './app/AppToolbar';
import { DebuggerPanes } from './app/DebuggerPanes';
import { assembleRequest, DEFAULT_MACHINE_OPTIONS, EXAMPLES } from './app/examples';
import { Pane } from './app/Pane';
import { useSharedProgram } from './app/share';
import { useSourceBreakpoints } from './app/useSourceBreakpoints';
import { loadEditorText, saveEditorText, useSettings } from './app/settings';
import { useShortcuts } from './app/useShortcuts';
import { useWorkerConnection } from './app/useWorkerConnection';
import { ABI_NAMES } from './format';
import { MachinesView } from './machines/MachinesView';
import { MemoryView } from './panels';
import { pagingOnInState } from './panels/memory-model';
import { setPresentationMode } from './teaching/presentation';
import { TeachingArea } from './teaching/TeachingArea';
import { VIEW_TABS, type ViewTab } from './teaching/ViewTabs';
import { useEmulator } from './useEmulator';
import './App.css';

type FirmwareKind = FirmwareChoice['kind'];

const initialDoc = () =>
  loadEditorText() ?? { file: EXAMPLES[0]?.file ?? 'program.S', text: EXAMPLES[0]?.text ?? '' };

/**
 * The debugger page: the editor and console on the left, disassembly and memory in the middle, registers,
 * CSRs and the trap log on the right; across the top the header (program, run controls, privilege mode,
 * settings: ui/app/AppHeader.tsx) and a strip with the view tabs, the machine's status and its tools
 * (ui/app/AppToolbar.tsx).
 */
export function App({ connect }: { connect: () => EmulatorConnection }) {
  const worker = useWorkerConnection(connect);
  const emu = useEmulator(worker.connection, worker.generation);
  const settings = useSettings();
  const [doc, setDoc] = useState(initialDoc);
  const [docKey, setDocKey] = useState(0);
  const [speed, setSpeedState] = useState<RunSpeed>({ kind: 'full' });
  const [firmware, setFirmwareKind] = useState<FirmwareChoice['kind']>('bare');
  const [machineOptions, setMachineOptionsState] = useState<MachineOptions>(DEFAULT_MACHINE_OPTIONS);
  const [dragging, setDragging] = useState(false);
  // The Machines view stays mounted once opened (its machines keep running while the debugger is shown).
  const [view, setViewState] = useState<'debugger' | 'machines'>('debugger');
  const [machinesOpened, setMachinesOpened] = useState(false);
  const setView = (f: (v: 'debugger' | 'machines') => 'debugger' | 'machines') => {
    setMachinesOpened(true);
    setViewState(f);
  };
  const cursorLine = useRef(1);
  const { state, program } = emu;
  // --- teaching (issue 6): the view switcher's tab and presentation mode ---
  const [tab, setTab] = useState<ViewTab>('debugger');
  const [presentation, setPresentation] = useState(false);
  useEffect(() => setPresentationMode(presentation, document.documentElement), [presentation]);
  const chooseTab = (t: ViewTab) => {
    setTab(t);
    setViewState('debugger');
  };

  const onDocChange = useCallback((text: string) => {
    setDoc((d) => ({ ...d, text }));
  }, []);
  useEffect(() => {
    const t = setTimeout(() => saveEditorText(doc.text, doc.file), 300);
    return () => clearTimeout(t);
  }, [doc]);

  const {
    lineMap,
    breakpoints,
    lineBreakpoints,
    setLineBreakpoints,
    addressBreakpoints,
    setAddressBreakpoints,
    toggleLine,
    toggleAddress,
  } = useSourceBreakpoints(program, doc.file, emu.setBreakpoints, worker.generation);

  const assemble = useCallback(() => {
    void emu.assemble(assembleRequest(doc.file, doc.text, firmware));
  }, [emu, doc, firmware]);

  /**
   * An example comes with what it needs: an S-mode payload gets the monitor below it (unless firmware is
   * already chosen), a bare-metal one runs with none, and emulate.S gets the hart options it is about.
   */
  const chooseExample = (
    file: string,
    lesson?: { firmware: FirmwareKind; options?: Partial<MachineOptions> },
  ) => {
    const ex = EXAMPLES.find((x) => x.file === file);
    if (!ex) return Promise.resolve(false);
    setDoc({ file: ex.file, text: ex.text });
    setDocKey((k) => k + 1);
    setLineBreakpoints([]);
    // A lesson names the firmware and hart options itself (teaching, issue 6).
    const kind = lesson?.firmware ?? (ex.payload ? (firmware === 'bare' ? 'monitor' : firmware) : 'bare');
    const machine = { ...ex.machine, ...lesson?.options, engine: machineOptions.engine };
    const request = assembleRequest(ex.file, ex.text, kind);
    const done = emu.assemble({
      ...request,
      ...(kind !== firmware && kind !== 'file' ? { firmware: { kind } } : {}),
      machine,
    });
    setFirmwareKind(kind);
    setMachineOptionsState(machine);
    return done;
  };
  // What the lessons do through the page (ui/teaching/useLessonMachine.ts).
  const lessonHost = {
    emu,
    api: worker.connection?.api ?? null,
    loadExample: (file: string, kind: FirmwareKind, options?: Partial<MachineOptions>) =>
      chooseExample(file, { firmware: kind, options }),
    openFile: (file: string, text: string) => {
      setDoc({ file, text });
      setDocKey((k) => k + 1);
      setLineBreakpoints([]);
      setFirmwareKind('bare');
      return emu.assemble({ ...assembleRequest(file, text, 'bare'), firmware: { kind: 'bare' } });
    },
    addressBreakpoints,
    setAddressBreakpoints,
  };
  // Time travel (issue 6): the worker goes back; pause() then pulls the state view it went back to.
  const api = worker.connection?.api;
  const stepBack = () => void api?.stepBack(1).then(() => emu.pause());
  const runBack = () => void api?.runBack().then(() => emu.pause());

  const openElf = async (file: File) => void emu.loadElf(new Uint8Array(await file.arrayBuffer()), file.name);
  const chooseFirmware = (choice: FirmwareChoice) => {
    setFirmwareKind(choice.kind);
    void emu.setFirmware(choice);
  };
  // A share link opens its program in the editor, under its firmware, without running it.
  const shareError = useSharedProgram((shared) => {
    setDoc({ file: shared.file, text: shared.text });
    setDocKey((k) => k + 1);
    setLineBreakpoints([]);
    chooseFirmware({ kind: shared.firmware });
  });

  const chooseMachineOptions = (options: MachineOptions) => {
    setMachineOptionsState(options);
    void emu.setMachineOptions(options);
  };
  const setSpeed = (s: RunSpeed) => {
    setSpeedState(s);
    emu.setSpeed(s);
  };
  const runToCursor = () => {
    const a = lineMap.toAddress.get(cursorLine.current);
    if (a !== undefined) emu.runTo(a);
  };

  const status = state?.status ?? { kind: 'empty' as const };
  useShortcuts({
    runPause: () => (status.kind === 'running' ? emu.pause() : emu.run()),
    step: emu.step,
    stepOver: emu.stepOver,
    stepOut: emu.stepOut,
    runToCursor,
    reset: emu.reset,
    stepBack,
    runBack,
    presentation: () => setPresentation((on) => !on),
  });

  const paused = state !== null && status.kind !== 'running';
  const pcLine = state && status.kind !== 'running' ? (lineMap.toLine.get(state.pc) ?? null) : null;
  // The memory view can follow pc or any register x1..x31 (by ABI name; sp first, the one followed most).
  const registers = state
    ? [
        { name: 'pc', value: state.pc },
        { name: 'sp', value: state.x[2] },
        ...ABI_NAMES.flatMap((name, i) => (i === 0 || i === 2 ? [] : [{ name, value: state.x[i] }])),
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
      <AppHeader
        example={EXAMPLES.some((x) => x.file === doc.file) ? doc.file : null}
        onExample={chooseExample}
        onAssemble={assemble}
        status={status}
        priv={state?.priv ?? null}
        run={{
          onRun: emu.run,
          onPause: emu.pause,
          onStep: emu.step,
          onStepOver: emu.stepOver,
          onStepOut: emu.stepOut,
          onRunToCursor: runToCursor,
          onReset: emu.reset,
          onStepBack: stepBack,
          onRunBack: runBack,
        }}
        machinesShown={view === 'machines'}
        onMachines={() => setView((v) => (v === 'machines' ? 'debugger' : 'machines'))}
        settings={{
          ...settings,
          presentation,
          setPresentation,
          speed,
          onSpeed: setSpeed,
          firmware,
          onFirmware: chooseFirmware,
          machineOptions,
          onMachineOptions: chooseMachineOptions,
        }}
      />
      <AppToolbar
        tab={view === 'debugger' ? tab : null}
        onTab={chooseTab}
        state={state}
        emu={emu}
        onOpenElf={(f) => void openElf(f)}
        share={{ file: doc.file, text: doc.text, firmware }}
      />
      {(worker.failure ?? emu.loadError ?? shareError) !== null && (
        <p className="app-alert" role="alert">
          {/* UIPERF (issue 5): after a worker restart, what became of its program. */}
          {worker.failure !== null
            ? [worker.failure, emu.reloaded].filter(Boolean).join(' ')
            : (emu.loadError ?? shareError)}
          {worker.failure && (
            <button type="button" onClick={worker.dismissFailure} aria-label="Dismiss">
              ×
            </button>
          )}
        </p>
      )}
      {machinesOpened && (
        <div className="app-machines" hidden={view !== 'machines'}>
          <MachinesView connect={connect} />
        </div>
      )}
      <main
        id="app-views"
        className={tab === 'debugger' ? 'app-grid' : 'app-grid app-grid-teaching'}
        hidden={view !== 'debugger'}
      >
        <section
          className={tab === 'debugger' ? 'area-teach' : 'pane area-teach'}
          aria-label="Teaching view"
          hidden={tab === 'debugger'}
        >
          <h2 className="pane-title">{VIEW_TABS.find(([t]) => t === tab)?.[1]}</h2>
          <div className="pane-body" tabIndex={0}>
            <TeachingArea
              tab={tab === 'debugger' ? null : tab}
              host={lessonHost}
              connect={connect}
              engine={machineOptions.engine}
              onEngineChange={(engine) => chooseMachineOptions({ ...machineOptions, engine })}
              breakIsa={machineOptions.breakIsa === 'sret-in-u-is-nop' ? 'sret' : null}
              onBreakIsaChange={(m) =>
                chooseMachineOptions({
                  ...machineOptions,
                  breakIsa: m === null ? undefined : 'sret-in-u-is-nop',
                })
              }
            />
          </div>
        </section>
        <DebuggerPanes
          emu={emu}
          doc={doc}
          docKey={docKey}
          onDocChange={onDocChange}
          lineBreakpoints={lineBreakpoints}
          onToggleLine={toggleLine}
          pcLine={pcLine}
          onCursorLine={(l) => (cursorLine.current = l)}
          breakpoints={breakpoints}
          onToggleAddress={toggleAddress}
          memory={
            <Pane title="Memory" className="area-memory">
              <MemoryView
                read={emu.readMemory}
                explain={emu.explainTranslation}
                paging={pagingOnInState(state)}
                generation={emu.generation}
                rows={10}
                symbols={program?.symbols ?? []}
                registers={registers}
                editable={paused}
                onWriteByte={(a, v, space) => emu.writeMemory(a, new Uint8Array([v]), space)}
                initialAddress={0x8000_0000n}
              />
            </Pane>
          }
        />
      </main>
    </div>
  );
}
