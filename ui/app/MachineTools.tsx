import { useEffect, useRef, useState } from 'react';
import type { BootMarkView, BootReport, MemoryUsage } from '../../src/worker/emulator-api';
import type { EmulatorView } from '../useEmulator';
import './MachineTools.css';

/** Bytes as the page shows sizes: B, KiB or MiB with one decimal where it matters. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KiB`;
  return `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MiB`;
}

const mark = (what: string, m: BootMarkView | null): string =>
  m === null
    ? `${what}: not reached`
    : `${what}: step ${m.steps.toLocaleString('en-US')}${m.exact ? '' : ' (at most)'}, ${m.ms.toFixed(1)} ms`;

/** The boot report in one line: power on -> first S-mode instruction, -> first console byte. */
export const formatBoot = (r: BootReport): string =>
  `Boot: power on → ${mark('first S-mode instruction', r.firstSupervisorInstruction)}; ${mark('first console byte', r.firstConsoleByte)}`;

/**
 * Re-reads the machine's RAM use after each stop, and every `periodMs` while it runs. The read is a scan of
 * the whole RAM in the worker (128 MiB by default: tens of milliseconds, during which the machine does not
 * run), so it is never repeated per frame: the effect depends on the stop count and the running state only,
 * not on the function's identity (bench/ui measured a scan per frame costing the page 3/4 of its speed).
 */
/** How long the machine must stay stopped before its RAM is scanned, ms. */
const SETTLE_MS = 400;

export function useMemoryUsage(emu: EmulatorView, periodMs = 5000): MemoryUsage | null {
  const [usage, setUsage] = useState<MemoryUsage | null>(null);
  const { memoryUsage, generation } = emu;
  const running = emu.state?.status.kind === 'running';
  const latest = useRef(memoryUsage);
  useEffect(() => {
    latest.current = memoryUsage;
  });
  useEffect(() => {
    let live = true;
    const read = () => void latest.current().then((u) => live && setUsage(u));
    // After a stop, once the machine has stayed stopped a moment: a Run clicked right after a load does not
    // wait for the scan.
    const settled = running ? undefined : setTimeout(read, SETTLE_MS);
    const t = running ? setInterval(read, periodMs) : undefined;
    return () => {
      live = false;
      clearTimeout(settled);
      clearInterval(t);
    };
  }, [generation, running, periodMs]);
  return usage;
}

function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Save and restore the whole machine as a file (emulator/snapshot/), measure its boot time, and show RAM
 * allocated against RAM touched. A refused snapshot's message appears in the page's alert (loadError).
 */
export function MachineTools({ emu }: { emu: EmulatorView }) {
  const input = useRef<HTMLInputElement>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [boot, setBoot] = useState<string | null>(null);
  const [measuring, setMeasuring] = useState(false);
  const usage = useMemoryUsage(emu);
  const name = (emu.program?.name || 'machine').replace(/\.[^.]*$/, '');

  const save = async () => {
    const s = await emu.saveSnapshot();
    if (!s) return;
    download(s.file, `${name}.hsnap`);
    setSaved(
      `snapshot ${formatBytes(s.file.length)} of ${formatBytes(s.ramSize)} RAM (${s.pages} pages stored)`,
    );
  };
  const restore = async (file: File | undefined) => {
    if (!file) return;
    const ok = await emu.restoreSnapshot(new Uint8Array(await file.arrayBuffer()), file.name);
    if (ok) setSaved(`restored ${file.name}: ${formatBytes(file.size)}`);
  };
  const measure = async () => {
    setMeasuring(true);
    const r = await emu.measureBoot();
    setMeasuring(false);
    if (r) setBoot(formatBoot(r));
  };

  const canAct = emu.state !== null && emu.state.status.kind !== 'empty';
  return (
    <div className="machine-tools" role="group" aria-label="Snapshots and boot time">
      <button type="button" onClick={() => void save()} disabled={!canAct} title="Save the whole machine">
        Save snapshot
      </button>
      <button type="button" onClick={() => input.current?.click()} title="Restore a saved machine">
        Restore snapshot…
      </button>
      <input
        ref={input}
        type="file"
        accept=".hsnap,application/octet-stream"
        data-testid="restore-snapshot"
        aria-label="Snapshot file"
        hidden
        onChange={(e) => {
          void restore(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <button
        type="button"
        onClick={() => void measure()}
        disabled={!canAct || measuring}
        title="Power-cycle and run to the first S-mode instruction and first console byte"
      >
        Boot time
      </button>
      <span className="machine-tools-info" data-testid="memory-usage">
        {usage &&
          `Memory: ${formatBytes(usage.ramSize)} allocated, ${formatBytes(usage.touchedPages * usage.pageSize)} touched`}
      </span>
      {saved && (
        <output className="machine-tools-info" data-testid="snapshot-info">
          {saved}
        </output>
      )}
      {boot && (
        <output className="machine-tools-info" data-testid="boot-time">
          {boot}
        </output>
      )}
    </div>
  );
}
