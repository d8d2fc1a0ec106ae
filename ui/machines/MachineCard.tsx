import { useEffect } from 'react';
import type { EmulatorConnection } from '../../src/worker/client';
import type { AssembleRequest } from '../../src/worker/emulator-api';
import { formatBytes } from '../app/MachineTools';
import { Terminal } from '../panels';
import { useMachine, type MachineHandle, type MachineSnapshot } from './useMachine';

const MODE = { 0: 'U', 1: 'S', 3: 'M' } as const;

function statusText(s: MachineSnapshot['status']): string {
  switch (s.kind) {
    case 'exit':
      return `exited (${s.code})`;
    case 'paused':
      return s.cause === 'migrated' ? 'migrated' : 'paused';
    case 'error':
      return `error: ${s.message}`;
    default:
      return s.kind;
  }
}

const hex = (v: bigint): string => `0x${v.toString(16).padStart(16, '0')}`;

export interface MachineCardProps {
  /** 1-based, for the labels: "machine 2". */
  number: number;
  title: string;
  connect: () => EmulatorConnection;
  /** null: a migration's target (it loads nothing; the source fills it). */
  request: AssembleRequest | null;
  onRemove(): void;
  /** Live migration: told of the worker's API (null when the card goes), and the Migrate button. */
  onApi?(id: number, api: MachineHandle['api']): void;
  onMigrate?(): void;
  /** A line under the title (e.g. where a migrated guest came from). */
  note?: string;
  /** The view's key for this machine, passed back with onUsage. */
  id: number;
  /** Told of the machine's RAM use whenever it is read, for the view's totals. */
  onUsage?(id: number, touchedBytes: number, allocatedBytes: number): void;
}

/** One machine: status, pc, mode, MIPS, RAM allocated and touched, its console, and start/pause/kill. */
export function MachineCard(props: MachineCardProps) {
  const { number, id, title, connect, request, onRemove, onUsage, onApi, onMigrate, note } = props;
  const m = useMachine(connect, request);
  useEffect(() => {
    onApi?.(id, m.api);
    return () => onApi?.(id, () => null);
  }, [onApi, id, m.api]);
  const v = m.view;
  const usage = v.usage;
  useEffect(() => {
    if (usage) onUsage?.(id, usage.touchedPages * usage.pageSize, usage.ramSize);
  }, [usage, onUsage, id]);
  const name = `machine ${number}`;
  const alive = v.status.kind !== 'killed';
  return (
    <section className="machine-card" aria-label={`${name}: ${title}`} data-testid={`machine-${number}`}>
      <header>
        <h2>
          {number}. {title}
        </h2>
        <div className="machine-card-buttons">
          <button type="button" onClick={m.start} disabled={!alive} aria-label={`Start ${name}`}>
            Start
          </button>
          <button type="button" onClick={m.pause} disabled={!alive} aria-label={`Pause ${name}`}>
            Pause
          </button>
          <button type="button" onClick={m.kill} disabled={!alive} aria-label={`Kill ${name}`}>
            Kill
          </button>
          {onMigrate && (
            <button
              type="button"
              onClick={onMigrate}
              disabled={!alive || v.status.kind === 'loading'}
              aria-label={`Migrate ${name}`}
              title="Live migration to a new machine: pre-copy while it runs, then stop-and-copy"
            >
              Migrate
            </button>
          )}
          <button type="button" onClick={onRemove} aria-label={`Remove ${name}`}>
            ×
          </button>
        </div>
      </header>
      {note && <p className="machine-card-note">{note}</p>}
      <dl className="machine-card-status">
        <dt>status</dt>
        <dd data-testid="machine-status">{statusText(v.status)}</dd>
        <dt>pc</dt>
        <dd className="mono">{hex(v.pc)}</dd>
        <dt>mode</dt>
        <dd>{MODE[v.priv]}</dd>
        <dt>MIPS</dt>
        <dd className="mono" data-testid="machine-mips">
          {v.mips.toFixed(1)}
        </dd>
        <dt>RAM</dt>
        <dd data-testid="machine-ram">
          {v.usage
            ? `${formatBytes(v.usage.touchedPages * v.usage.pageSize)} touched of ${formatBytes(v.usage.ramSize)}`
            : '…'}
        </dd>
      </dl>
      {v.error && (
        <p className="machine-card-error" role="alert">
          {v.error}
        </p>
      )}
      <div className="machine-card-console" data-testid="machine-console">
        <Terminal registerWrite={m.registerConsole} onInput={m.consoleInput} rows={8} scrollback={500} />
      </div>
    </section>
  );
}
