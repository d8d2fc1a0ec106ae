import { useMemo, type ReactNode } from 'react';
import { csrMap } from '../../src/worker/emulator-api';
import { AsmEditor } from '../editor/AsmEditor';
import { CsrPanel, DisassemblyView, RegisterFile, Terminal, TrapLog } from '../panels';
import { fetchSpaceLabel } from '../panels/DisassemblyView';
import type { EmulatorView } from '../useEmulator';
import { Pane } from './Pane';

/**
 * The debugger's panes in the page's grid (App.css places them by area): the editor, the console, the
 * disassembly, the memory (given by the page, in its place between the disassembly and the registers), the
 * registers, the CSRs and the trap log.
 */
export function DebuggerPanes({
  emu,
  doc,
  docKey,
  onDocChange,
  lineBreakpoints,
  onToggleLine,
  pcLine,
  onCursorLine,
  breakpoints,
  onToggleAddress,
  memory,
}: {
  emu: EmulatorView;
  /** The editor's file and text; docKey changes when a new file replaces the text. */
  doc: { file: string; text: string };
  docKey: number;
  onDocChange(text: string): void;
  lineBreakpoints: number[];
  onToggleLine(line: number): void;
  /** The editor's line of the pc while stopped, else null. */
  pcLine: number | null;
  onCursorLine(line: number): void;
  breakpoints: bigint[];
  onToggleAddress(address: bigint): void;
  /** The Memory pane. */
  memory: ReactNode;
}) {
  const { state } = emu;
  const status = state?.status ?? { kind: 'empty' as const };
  const paused = state !== null && status.kind !== 'running';
  const csrs = useMemo(() => (state ? csrMap(state.csrs) : new Map<string, bigint>()), [state]);
  const previousCsrs = useMemo(() => (emu.previous ? csrMap(emu.previous.csrs) : undefined), [emu.previous]);
  return (
    <>
      <Pane title={doc.file} className="area-editor" testId="editor-pane">
        <AsmEditor
          value={doc.text}
          docKey={String(docKey)}
          onChange={onDocChange}
          diagnostics={emu.diagnostics}
          breakpointLines={lineBreakpoints}
          pcLine={pcLine}
          onToggleBreakpoint={onToggleLine}
          onCursorLine={onCursorLine}
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
          onToggleBreakpoint={onToggleAddress}
          onRunToHere={emu.runTo}
          rows={22}
          space={
            state
              ? fetchSpaceLabel(state.priv, csrs.get('satp') ?? 0n, emu.disasmMode ?? undefined)
              : undefined
          }
        />
      </Pane>
      {memory}
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
    </>
  );
}
