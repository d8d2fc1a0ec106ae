/**
 * Memory as hex and ASCII, 16 bytes a row, over an address space of any size up to 2^64 bytes. Only the
 * visible rows exist in the page (a window of `rows` rows of fixed height, moved by the wheel, the keyboard
 * or the scrollbar), and only they are read. Bytes that differ from what was read before the last pause
 * (`generation` changed) are highlighted; unmapped bytes show as '--'.
 *
 * Props:
 * - read(address, length): the bytes there, or null if nothing is mapped there, or {bytes, readable} with
 *   readable[i] = 0 where byte i is not mapped (the worker's MemoryRange). Called for the visible window
 *   (and row by row when it answers null for the whole window).
 * - start?, end?: the address space shown, [start, end) (default the whole 64-bit space).
 * - rows?: how many rows are visible (default 16).
 * - generation?: bump it each time the machine pauses; the view re-reads and compares with the old bytes.
 * - symbols?: [{name, address}] for "go to".
 * - registers?: [{name, value}] that the view can follow (pc, sp, any register): it keeps the one chosen
 *   in view and marks the byte it points at.
 * - editable?: true while paused; onWriteByte?(address, value 0..255) writes one byte (Enter, a hex digit
 *   or a double-click on the selected byte starts editing).
 * - initialAddress?: where the view opens.
 * - explain?(address): the worker's page walk for a virtual address (issue 5). When given, a switch chooses
 *   "Physical | Virtual (satp)": read(address, length, space) and onWriteByte(address, value, space) then get
 *   the space, the virtual view spans the whole 64-bit space, and the selected byte's walk is shown (its
 *   physical address, VPN[2..0], the PTE at each level with its flags, or why it is not mapped).
 * - paging?: the hart translates its loads now (memory-model pagingOn): following a register switches the
 *   view to virtual addresses, since the register holds one.
 * Keyboard: arrows move the selected byte, PageUp/PageDown a window, Home/End the row, Ctrl+Home/End the space.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { hexGrouped } from '../format';
import {
  ROW_BYTES,
  asciiOf,
  clampTop,
  describeTranslation,
  parseGoTo,
  rowStart,
  scrollToShow,
  topAtFraction,
  windowFraction,
  type AddressSpace,
  type MemorySymbol,
  type TranslationLike,
} from './memory-model';
import { ValueEditor } from './ValueEditor';
import { VirtualScrollbar } from './VirtualScrollbar';
import './panel-theme.css';
import './MemoryView.css';

export interface MemoryViewProps {
  read: (address: bigint, length: number, space?: AddressSpace) => Promise<MemoryRead>;
  start?: bigint;
  end?: bigint;
  rows?: number;
  generation?: number;
  symbols?: readonly MemorySymbol[];
  registers?: readonly { name: string; value: bigint }[];
  editable?: boolean;
  onWriteByte?: (address: bigint, value: number, space?: AddressSpace) => void | Promise<void>;
  initialAddress?: bigint;
  explain?: (address: bigint) => Promise<TranslationLike>;
  paging?: boolean;
  initialSpace?: AddressSpace;
}

export type MemoryRead = Uint8Array | null | { bytes: Uint8Array; readable: Uint8Array };
/** One row's bytes, -1 where nothing is mapped. */
type RowData = Int16Array;

function toRow(got: MemoryRead, offset: number, length: number): RowData {
  const row = new Int16Array(length).fill(-1);
  if (got === null) return row;
  const bytes = got instanceof Uint8Array ? got : got.bytes;
  const readable = got instanceof Uint8Array ? null : got.readable;
  for (let i = 0; i < length && offset + i < bytes.length; i++) {
    if (readable === null || readable[offset + i] !== 0) row[i] = bytes[offset + i];
  }
  return row;
}
/** Bytes read since the last pause, by row address; bounded so a long scroll does not grow it forever. */
const CACHE_ROWS = 4096;

export function MemoryView(props: MemoryViewProps) {
  const { read, rows = 16, generation = 0, symbols = [], registers = [] } = props;
  const { editable = false, onWriteByte, explain, paging = false } = props;
  const [space, setSpace] = useState<AddressSpace>(explain ? (props.initialSpace ?? 'physical') : 'physical');
  // The virtual view spans the whole 64-bit space; start and end bound the physical one.
  const start = space === 'virtual' ? 0n : (props.start ?? 0n);
  const end = space === 'virtual' ? 1n << 64n : (props.end ?? 1n << 64n);
  const [top, setTopRaw] = useState(() => clampTop(props.initialAddress ?? start, start, end, rows));
  const [cursor, setCursor] = useState(() => props.initialAddress ?? start);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [follow, setFollow] = useState('');
  const [goTo, setGoTo] = useState('');
  // Rows read at this generation, and those of the generation before (to highlight what changed).
  const [data, setData] = useState(() => ({
    generation,
    space,
    rows: new Map<bigint, RowData>(),
    before: new Map<bigint, RowData>(),
  }));
  // The selected byte's walk (virtual view only), for the cursor, space and pause it was asked for.
  const [walk, setWalk] = useState<{ key: string; lines: string[]; mapped: boolean } | null>(null);
  const grid = useRef<HTMLDivElement>(null);
  const wheelRest = useRef(0);
  const listId = useId();

  const setTop = useCallback((t: bigint) => setTopRaw(clampTop(t, start, end, rows)), [start, end, rows]);
  const moveCursor = useCallback(
    (address: bigint) => {
      const a = address < start ? start : address >= end ? end - 1n : address;
      setCursor(a);
      setTopRaw((t) => clampTop(scrollToShow(a, t, rows), start, end, rows));
    },
    [start, end, rows],
  );

  useEffect(() => {
    let live = true;
    const length = Number(ROW_BYTES) * rows;
    const limit = end - top < BigInt(length) ? Number(end - top) : length;
    void (async () => {
      const whole = await read(top, limit, space);
      const got: [bigint, RowData][] = [];
      for (let r = 0n; r * ROW_BYTES < BigInt(limit); r++) {
        const address = top + r * ROW_BYTES;
        const n = Number(ROW_BYTES);
        got.push([
          address,
          whole ? toRow(whole, Number(r) * n, n) : toRow(await read(address, n, space), 0, n),
        ]);
      }
      if (!live) return;
      // A new pause: what was read so far becomes "before", and the window is read afresh. Another address
      // space: nothing read before applies (and nothing counts as changed).
      setData((d) => {
        const other = d.space !== space;
        const fresh = other || d.generation !== generation;
        const rows = fresh || d.rows.size > CACHE_ROWS ? new Map<bigint, RowData>() : new Map(d.rows);
        for (const [address, bytes] of got) rows.set(address, bytes);
        const before = other ? new Map<bigint, RowData>() : fresh ? d.rows : d.before;
        return { generation, space, rows, before };
      });
    })();
    return () => {
      live = false;
    };
  }, [read, top, rows, end, generation, space]);

  const walkKey = `${cursor}/${generation}`;
  useEffect(() => {
    if (space !== 'virtual' || !explain) return;
    let live = true;
    void explain(cursor).then(
      (t) => live && setWalk({ key: walkKey, lines: describeTranslation(t), mapped: t.pa !== null }),
      () => live && setWalk({ key: walkKey, lines: ['the translation could not be read'], mapped: false }),
    );
    return () => {
      live = false;
    };
  }, [explain, cursor, space, walkKey]);

  function chooseSpace(next: AddressSpace) {
    setSpace(next);
    setTopRaw((t) =>
      next === 'virtual'
        ? clampTop(t, 0n, 1n << 64n, rows)
        : clampTop(t, props.start ?? 0n, props.end ?? 1n << 64n, rows),
    );
    // With paging on, registers hold virtual addresses: following one in the physical view would mislead.
    if (next === 'physical' && paging && follow !== '') {
      setFollow('');
      setMessage('stopped following: with paging on, registers hold virtual addresses');
    } else setMessage(null);
  }

  const followed = registers.find((r) => r.name === follow);
  const followedValue = followed?.value;
  // Following a register: when its value changes, bring the byte it points at into view (adjusting state
  // during render, React's pattern for "state derived from a changing prop").
  const [lastFollowed, setLastFollowed] = useState<bigint | undefined>(undefined);
  if (followedValue !== lastFollowed) {
    setLastFollowed(followedValue);
    if (followedValue !== undefined && paging && explain && space === 'physical') {
      setSpace('virtual'); // the register holds a virtual address
      setCursor(followedValue);
      setTopRaw(clampTop(scrollToShow(followedValue, top, rows), 0n, 1n << 64n, rows));
    } else if (followedValue !== undefined && followedValue >= start && followedValue < end) {
      setCursor(followedValue);
      setTopRaw(clampTop(scrollToShow(followedValue, top, rows), start, end, rows));
    }
  }

  // The wheel moves the window by rows; a native listener, since React's wheel listener cannot preventDefault.
  useEffect(() => {
    const el = grid.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rowPx = el.querySelector('.hs-mem-row')?.getBoundingClientRect().height || 20;
      wheelRest.current +=
        e.deltaMode === 1 ? e.deltaY : e.deltaMode === 2 ? e.deltaY * rows : e.deltaY / rowPx;
      const whole = Math.trunc(wheelRest.current);
      if (whole === 0) return;
      wheelRest.current -= whole;
      setTopRaw((t) => clampTop(t + BigInt(whole) * ROW_BYTES, start, end, rows));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [start, end, rows]);

  const byteAt = (address: bigint): number | null | undefined => {
    const row = data.rows.get(rowStart(address));
    if (row === undefined) return undefined;
    const b = row[Number(address - rowStart(address))];
    return b < 0 ? null : b;
  };

  async function write(address: bigint, value: number) {
    setEditing(false);
    grid.current?.focus();
    if (!onWriteByte) return;
    // Without the switch (no explain) the space is always physical: the two-argument call of before.
    await (explain ? onWriteByte(address, value, space) : onWriteByte(address, value));
    setData((d) => {
      const row = d.rows.get(rowStart(address));
      if (!row) return d;
      const copy = row.slice();
      copy[Number(address - rowStart(address))] = value;
      return { ...d, rows: new Map(d.rows).set(rowStart(address), copy) };
    });
    moveCursor(address + 1n);
  }

  function startEditing() {
    if (!editable || !onWriteByte) return setMessage('pause the machine to edit memory');
    if (byteAt(cursor) === null) {
      if (space === 'virtual' && walk?.key === walkKey && !walk.mapped)
        return setMessage(`cannot write: ${walk.lines[0]}`);
      return setMessage(`nothing is mapped at 0x${cursor.toString(16)}`);
    }
    setMessage(null);
    setEditing(true);
  }

  function onKeyDown(e: React.KeyboardEvent) {
    const page = ROW_BYTES * BigInt(rows);
    const moves: Record<string, bigint> = {
      ArrowLeft: -1n,
      ArrowRight: 1n,
      ArrowUp: -ROW_BYTES,
      ArrowDown: ROW_BYTES,
      PageUp: -page,
      PageDown: page,
    };
    if (e.key in moves) moveCursor(cursor + moves[e.key]);
    else if (e.key === 'Home') moveCursor(e.ctrlKey ? start : rowStart(cursor));
    else if (e.key === 'End') moveCursor(e.ctrlKey ? end - 1n : rowStart(cursor) + ROW_BYTES - 1n);
    else if (e.key === 'Enter' || /^[0-9a-f]$/i.test(e.key)) startEditing();
    else return;
    e.preventDefault();
  }

  const digits = end > 1n << 32n ? 16 : 8;
  const symbolAt = useMemo(() => new Map(symbols.map((s) => [s.address, s.name])), [symbols]);
  const lines = [];
  for (let r = 0; r < rows; r++) {
    const address = top + BigInt(r) * ROW_BYTES;
    if (address >= end) break;
    const cells = [];
    let ascii = '';
    for (let i = 0n; i < ROW_BYTES; i++) {
      const a = address + i;
      const b = a < end ? byteAt(a) : null;
      const before = data.before.get(address);
      const changed = typeof b === 'number' && before && before[Number(i)] !== b;
      const cls = ['hs-mem-byte', changed ? 'hs-changed' : '', b === null ? 'hs-mem-unmapped' : ''];
      if (a === cursor) cls.push('hs-mem-cursor');
      if (a === followedValue) cls.push('hs-mem-followed');
      const sym = symbolAt.get(a);
      cells.push(
        <span
          key={`${i}`}
          className={cls.join(' ')}
          data-address={a.toString(16)}
          title={sym}
          onClick={() => setCursor(a)}
          onDoubleClick={() => (setCursor(a), startEditing())}
        >
          {editing && a === cursor ? (
            <ValueEditor
              initial={(b ?? 0).toString(16).padStart(2, '0')}
              bits={8}
              syntax="hex"
              size={3}
              label={`new value for the byte at 0x${a.toString(16)}`}
              onCommit={(v) => void write(a, Number(v))}
              onCancel={() => (setEditing(false), grid.current?.focus())}
            />
          ) : b === undefined ? (
            '  '
          ) : b === null ? (
            '--'
          ) : (
            b.toString(16).padStart(2, '0')
          )}
        </span>,
      );
      ascii += typeof b === 'number' ? asciiOf(b) : ' ';
    }
    lines.push(
      <div key={address.toString()} className="hs-mem-row" role="row" data-address={address.toString(16)}>
        <span className="hs-mem-addr" role="rowheader">
          {hexGrouped(address, digits)}
        </span>
        <span className="hs-mem-bytes">{cells}</span>
        <span className="hs-mem-ascii">{ascii}</span>
      </div>,
    );
  }

  return (
    <div className="hs-panel hs-memory-view" role="group" aria-label="Memory">
      <form
        className="hs-panel-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          const where = parseGoTo(goTo, symbols, start, end);
          if (!where.ok) return setMessage(where.error);
          setMessage(null);
          setFollow('');
          setCursor(where.address);
          setTop(where.address);
        }}
      >
        <label>
          go to{' '}
          <input
            className="hs-mono"
            value={goTo}
            list={listId}
            placeholder="address or symbol"
            onChange={(e) => setGoTo(e.target.value)}
          />
        </label>
        <datalist id={listId}>
          {/* Firmware and payload may both define a name (_start): the address keeps the keys unique. */}
          {symbols.slice(0, 500).map((s) => (
            <option key={`${s.name}@${s.address.toString(16)}`} value={s.name} />
          ))}
        </datalist>
        <label>
          follow{' '}
          <select
            value={follow}
            onChange={(e) => {
              setFollow(e.target.value);
              // With paging on, a register holds a virtual address: follow it in the virtual view.
              if (e.target.value !== '' && paging && explain) setSpace('virtual');
            }}
          >
            <option value="">none</option>
            {registers.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <span className="hs-mem-cursor-text hs-mono" data-testid="mem-cursor">
          0x{cursor.toString(16)}
        </span>
        {explain && (
          <span className="hs-mem-space" role="radiogroup" aria-label="Addresses">
            {(
              [
                ['physical', 'Physical'],
                ['virtual', 'Virtual (satp)'],
              ] as const
            ).map(([value, label]) => (
              <label key={value}>
                <input
                  type="radio"
                  name={`${listId}-space`}
                  value={value}
                  checked={space === value}
                  onChange={() => chooseSpace(value)}
                />
                {label}
              </label>
            ))}
            {paging && space === 'physical' && <span className="hs-mem-hint">paging is on</span>}
          </span>
        )}
      </form>
      {message !== null && (
        <div role="alert" className="hs-error-message">
          {message}
        </div>
      )}
      <div className="hs-mem-body">
        <div
          ref={grid}
          className="hs-mem-grid hs-mono"
          role="grid"
          aria-label="Memory bytes"
          tabIndex={0}
          onKeyDown={onKeyDown}
          style={{ height: `calc(var(--hs-row-height) * ${rows})` }}
        >
          {lines}
        </div>
        <VirtualScrollbar
          label="Memory position"
          fraction={windowFraction(top, start, end, rows)}
          thumb={Number(BigInt(rows) * ROW_BYTES) / Number(end - start)}
          onSeek={(f) => setTop(topAtFraction(f, start, end, rows))}
        />
      </div>
      {space === 'virtual' && explain && (
        <div
          className="hs-mem-walk hs-mono"
          data-testid="mem-walk"
          aria-live="polite"
          aria-label="Translation"
        >
          {walk?.key === walkKey ? walk.lines.map((l, i) => <div key={i}>{l}</div>) : <div>…</div>}
        </div>
      )}
    </div>
  );
}
