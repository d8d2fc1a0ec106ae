/**
 * Disassembly around pc, objdump-style: symbols as `<label>:` headers, the source line each instruction
 * came from (the user's program and the firmware's alike) interleaved above it, the current instruction
 * marked (an arrow and a highlight, not colour alone) and kept in view, breakpoints in the gutter.
 *
 * Props:
 * - lines: DisasmLine[] (src/worker/emulator-api.ts: address, word, length, text, label, source).
 * - pc: the current pc.
 * - breakpoints: the addresses with a breakpoint (a Set or an array).
 * - onToggleBreakpoint(address): click on the gutter (or the B key on a focused line).
 * - onRunToHere(address): the ⇥ button on a line (or the R key on a focused line).
 * - rows?: visible height in lines (default 24); the list scrolls.
 * - space?: the address space the lines were read in, shown above them (fetchSpaceLabel's text).
 *
 * Keyboard: the list is one Tab stop (a roving tabindex, as the ARIA practices' listbox does), so that Tab
 * does not walk through two buttons on every line; the arrow keys, Home, End, PageUp and PageDown move
 * between lines, and B and R act on the focused one.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DisasmLine } from '../../src/worker/emulator-api';
import './panel-theme.css';
import './DisassemblyView.css';

export interface DisassemblyViewProps {
  lines: readonly DisasmLine[];
  pc: bigint;
  breakpoints: ReadonlySet<bigint> | readonly bigint[];
  onToggleBreakpoint: (address: bigint) => void;
  onRunToHere: (address: bigint) => void;
  rows?: number;
  space?: string;
}

/**
 * Which addresses the disassembly uses by default (the worker's disassemble reads what the hart fetches
 * through now): virtual through Sv39 when satp's mode is Sv39 and the hart is in S or U mode (fetches ignore
 * MPRV); physical in M mode or with satp Bare. `priv` is 0 (U), 1 (S) or 3 (M).
 */
export function fetchSpaceLabel(priv: number, satp: bigint, asMode?: number): string {
  const mode = asMode ?? priv;
  const as = asMode === undefined || asMode === priv ? '' : `, as ${'USHM'[mode]}-mode fetches see it`;
  if (BigInt.asUintN(64, satp) >> 60n !== 8n) return 'physical';
  return mode === 3 ? `physical (M mode: fetches are not translated)` : `virtual (Sv39${as})`;
}

/** The instruction as objdump prints it: a 32-bit word as 8 hex digits, a compressed one as 4. */
function wordText(line: DisasmLine): string {
  if (line.word === null) return line.length === 2 ? '????' : '????????';
  return (line.word >>> 0).toString(16).padStart(line.length * 2, '0');
}

/** Addresses as objdump writes them: plain hex, padded so the column lines up. */
const addr = (a: bigint, digits: number) => a.toString(16).padStart(digits, '0');

const sameSource = (a: DisasmLine['source'], b: DisasmLine['source']) =>
  a !== null && b !== null && a.file === b.file && a.line === b.line;

export function DisassemblyView({
  lines,
  pc,
  breakpoints,
  onToggleBreakpoint,
  onRunToHere,
  rows = 24,
  space,
}: DisassemblyViewProps) {
  const list = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState<bigint | null>(null);
  const bps = breakpoints instanceof Set ? breakpoints : new Set(breakpoints as readonly bigint[]);
  const digits = lines.some((l) => l.address >= 1n << 32n) ? 16 : 8;

  // Keep the pc line in view; recentre only when it has left the visible part.
  useEffect(() => {
    const box = list.current;
    const row = box?.querySelector<HTMLElement>('[data-current]');
    if (!box || !row) return;
    const top = row.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + row.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }, [pc, lines]);

  // The one line that Tab reaches: the last one focused while it is still listed, else pc's, else the first.
  const tabStop =
    [focused, pc].find((a) => a !== null && lines.some((l) => l.address === a)) ?? lines[0]?.address;

  const out = [];
  let previous: DisasmLine['source'] = null;
  for (const line of lines) {
    const key = line.address.toString(16);
    if (line.label !== null) {
      out.push(
        <div key={`l${key}`} className="hs-dis-label" role="listitem">
          {addr(line.address, digits)} &lt;{line.label}&gt;:
        </div>,
      );
    }
    if (line.source !== null && !sameSource(line.source, previous)) {
      out.push(
        <div
          key={`s${key}`}
          className="hs-dis-source"
          role="listitem"
          title={`${line.source.file}:${line.source.line}`}
        >
          <span className="hs-dis-source-where">
            {line.source.file}:{line.source.line}
          </span>
          <span className="hs-dis-source-text">{line.source.text}</span>
        </div>,
      );
    }
    previous = line.source;
    const current = line.address === pc;
    const bp = bps.has(line.address);
    out.push(
      <div
        key={key}
        className={current ? 'hs-dis-line hs-dis-current' : 'hs-dis-line'}
        data-current={current || undefined}
        data-address={key}
        role="listitem"
        aria-current={current ? 'step' : undefined}
        tabIndex={line.address === tabStop ? 0 : -1}
        onFocus={() => setFocused(line.address)}
        onKeyDown={(e) => {
          if (e.key === 'b' || e.key === 'B') onToggleBreakpoint(line.address);
          else if (e.key === 'r' || e.key === 'R') onRunToHere(line.address);
        }}
      >
        <button
          type="button"
          className={bp ? 'hs-dis-bp hs-dis-bp-on' : 'hs-dis-bp'}
          aria-pressed={bp}
          aria-label={`breakpoint at 0x${key}`}
          tabIndex={-1}
          onClick={() => onToggleBreakpoint(line.address)}
        >
          {bp ? '●' : ''}
        </button>
        <span className="hs-dis-marker" aria-hidden="true">
          {current ? '▶' : ''}
        </span>
        <span className="hs-dis-addr">{addr(line.address, digits)}:</span>
        <span className="hs-dis-word">{wordText(line)}</span>
        <span className="hs-dis-text" title={line.text.replace('\t', ' ')}>
          {line.text.replace('\t', ' '.repeat(8 - (line.text.indexOf('\t') % 8)))}
        </span>
        <button
          type="button"
          className="hs-dis-run-to"
          aria-label={`run to 0x${key}`}
          title="run to here"
          tabIndex={-1}
          onClick={() => onRunToHere(line.address)}
        >
          ⇥
        </button>
      </div>,
    );
  }
  /** Arrow keys and friends move focus between instruction lines (the labels and sources are skipped). */
  function moveFocus(e: KeyboardEvent) {
    const rowsNow = [...(list.current?.querySelectorAll<HTMLElement>('.hs-dis-line') ?? [])];
    const at = rowsNow.findIndex((r) => r === document.activeElement);
    if (at < 0) return;
    const page = Math.max(1, rows - 2);
    const to: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + page,
      PageUp: at - page,
      Home: 0,
      End: rowsNow.length - 1,
    };
    if (!(e.key in to)) return;
    e.preventDefault();
    rowsNow[Math.max(0, Math.min(rowsNow.length - 1, to[e.key]!))]?.focus();
  }

  return (
    <div className="hs-panel hs-disassembly" role="group" aria-label="Disassembly">
      {space !== undefined && (
        <div className="hs-dis-space" data-testid="disassembly-space">
          addresses: {space}
        </div>
      )}
      <div
        ref={list}
        className="hs-dis-list hs-mono"
        role="list"
        title="↑ ↓ move between lines, B toggles a breakpoint, R runs to the line"
        onKeyDown={moveFocus}
        style={{ maxHeight: `calc(var(--hs-row-height) * ${rows})` }}
      >
        {out}
      </div>
    </div>
  );
}
