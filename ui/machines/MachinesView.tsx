import { useCallback, useRef, useState } from 'react';
import type { EmulatorConnection } from '../../src/worker/client';
import type { AssembleRequest } from '../../src/worker/emulator-api';
import { assembleRequest, EXAMPLES } from '../app/examples';
import { formatBytes } from '../app/MachineTools';
import { GUESTS } from './guests';
import { MachineCard } from './MachineCard';
import { MigrationReport } from './MigrationReport';
import { migrateBetween, type MigrationView } from './migration';
import type { MachineHandle } from './useMachine';
import './MachinesView.css';

/** Every guest the view can start: its own misbehaving ones first, then the examples. */
interface Choice {
  file: string;
  label: string;
  request: AssembleRequest;
}

const CHOICES: readonly Choice[] = [
  ...GUESTS.map((g) => ({ file: g.file, label: g.label, request: assembleRequest(g.file, g.text, 'bare') })),
  ...EXAMPLES.map((x) => {
    const kind = x.payload ? ('monitor' as const) : ('bare' as const);
    return {
      file: x.file,
      label: x.payload ? `${x.file} (under the monitor)` : x.file,
      request: { ...assembleRequest(x.file, x.text, kind), firmware: { kind }, machine: x.machine },
    };
  }),
];

/** The example that runs several processes (U-mode tasks) under one kernel in one machine. */
const KERNEL = 'kernel.S';

interface Slot {
  id: number;
  file: string;
  /** A migration's target: loads nothing, the guest arrives from machine `from` (a slot id). */
  from?: number;
}

/**
 * Several machines side by side (issue 9, part 2): each its own worker, console and controls. A guest that
 * crashes, spins or floods in one leaves the others running; their MIPS stay up. Beside them, the memory of
 * several machines against kernel.S, which runs several processes under one kernel in one machine.
 */
export function MachinesView({ connect }: { connect: () => EmulatorConnection }) {
  const [slots, setSlots] = useState<Slot[]>([
    { id: 1, file: 'spin.S' },
    { id: 2, file: 'heartbeat.S' },
  ]);
  const [next, setNext] = useState(3);
  const [choice, setChoice] = useState(CHOICES[0].file);
  const [usage, setUsage] = useState<Record<number, { touched: number; allocated: number }>>({});
  // Live migration: each card's worker API by slot id, and the last migration's progress.
  const apis = useRef(new Map<number, MachineHandle['api']>());
  const waiting = useRef(new Map<number, () => void>());
  const [migration, setMigration] = useState<{ from: number; to: number; view: MigrationView } | null>(null);
  const onApi = useCallback((id: number, api: MachineHandle['api']) => {
    apis.current.set(id, api);
    if (api() !== null) waiting.current.get(id)?.();
  }, []);

  const add = (file: string) => {
    setSlots((s) => [...s, { id: next, file }]);
    setNext((n) => n + 1);
  };
  const remove = (id: number) => {
    setSlots((s) => s.filter((x) => x.id !== id));
    setUsage(({ [id]: _gone, ...rest }) => rest);
  };
  const report = useCallback(
    (id: number, touched: number, allocated: number) =>
      setUsage((u) => ({ ...u, [id]: { touched, allocated } })),
    [],
  );

  /** Migrate slot `fromId`'s guest, live, to a new machine added beside it. */
  const migrate = async (fromId: number) => {
    const source = apis.current.get(fromId)?.();
    const from = slots.find((s) => s.id === fromId);
    if (!source || !from) return;
    const to = next;
    const ready = new Promise<void>((resolve) => waiting.current.set(to, resolve));
    setSlots((s) => [...s, { id: to, file: from.file, from: fromId }]);
    setNext((n) => n + 1);
    await ready;
    waiting.current.delete(to);
    const target = apis.current.get(to)?.();
    if (!target) return;
    await migrateBetween(source, target, (view) => setMigration({ from: fromId, to, view }));
  };
  const numberOf = (id: number) => slots.findIndex((s) => s.id === id) + 1;

  const vms = slots.filter((s) => s.file !== KERNEL && usage[s.id]);
  const kernels = slots.filter((s) => s.file === KERNEL && usage[s.id]);
  const total = (list: Slot[], key: 'touched' | 'allocated') =>
    list.reduce((n, s) => n + usage[s.id][key], 0);

  return (
    <div className="machines-view">
      <div className="machines-toolbar" role="group" aria-label="Machines">
        <label>
          Guest{' '}
          <select value={choice} onChange={(e) => setChoice(e.target.value)} aria-label="Guest">
            {CHOICES.map((c) => (
              <option key={c.file} value={c.file}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => add(choice)}>
          Add machine
        </button>
        <button type="button" onClick={() => add(KERNEL)} title="Two U-mode tasks under one S-mode kernel">
          Add kernel.S (processes sharing one kernel)
        </button>
      </div>
      <p className="machines-summary" data-testid="machines-summary">
        {vms.length} separate machine{vms.length === 1 ? '' : 's'}: {formatBytes(total(vms, 'allocated'))}{' '}
        allocated, {formatBytes(total(vms, 'touched'))} touched.
        {kernels.length > 0 &&
          ` kernel.S, its tasks sharing one kernel in one machine: ${formatBytes(total(kernels, 'touched'))} touched.`}
      </p>
      {migration && (
        <MigrationReport view={migration.view} from={numberOf(migration.from)} to={numberOf(migration.to)} />
      )}
      <div className="machines-grid">
        {slots.map((s, i) => {
          const c = CHOICES.find((x) => x.file === s.file)!;
          return (
            <MachineCard
              key={s.id}
              number={i + 1}
              title={c.file}
              connect={connect}
              request={s.from === undefined ? c.request : null}
              onRemove={() => remove(s.id)}
              id={s.id}
              onUsage={report}
              onApi={onApi}
              onMigrate={() => void migrate(s.id)}
              note={
                s.from === undefined
                  ? undefined
                  : `live-migrated from machine ${numberOf(s.from) || '(removed)'}: its console continues here`
              }
            />
          );
        })}
      </div>
    </div>
  );
}
