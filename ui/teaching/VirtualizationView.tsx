/**
 * Virtualization, drawn: the privilege rings (M inside, S, U outside) with the current mode, the latest
 * transition animated as an arrow between rings, a timeline of traps (cause, from/to, instructions spent in
 * the handler, and WHY it went where it went, naming the medeleg/mideleg and enable bits), the share of
 * instructions retired in each mode ("ran directly" versus "in the monitor"), VM exits to the host (host
 * SBI) drawn as leaving the machine, and Popek-Goldberg marks for a disassembly.
 * Props: priv; events (recent PrivEvents, oldest first); retired ({ U, S, M } instruction counts); csrs
 * (medeleg, mideleg, mstatus, mie: used to explain routing); lines? (disassembly to classify); breakIsa?
 * (the mnemonic that the emulator's "break the ISA" option stops trapping, or null) with
 * onBreakIsaChange? (the switch is hidden without it).
 */
import { decode } from '../../emulator/isa/decode';
import '../panels/panel-theme.css';
import './teaching.css';
import './VirtualizationView.css';
import {
  causeName,
  classifyInstruction,
  explainTrapRouting,
  MODE_LETTER,
  trapSpans,
  type Priv,
  type PrivEvent,
} from './virtualization';

export interface VirtualizationViewProps {
  priv: Priv;
  events: readonly PrivEvent[];
  retired: { U: number; S: number; M: number };
  csrs: { medeleg: bigint; mideleg: bigint; mstatus: bigint; mie: bigint };
  lines?: readonly { address: bigint; word: number | null; text: string }[];
  breakIsa?: string | null;
  onBreakIsaChange?: (mnemonic: string | null) => void;
}

const RADIUS: Record<Priv, number> = { 3: 34, 1: 66, 0: 98 };
const NAMES: Record<Priv, string> = {
  3: 'machine (firmware, monitor)',
  1: 'supervisor (kernel, guest OS)',
  0: 'user (applications)',
};

function Rings({ priv, last }: { priv: Priv; last: PrivEvent | undefined }) {
  const transition = last && last.from !== last.to ? last : undefined;
  const y = (p: Priv): number => (p === 3 ? 116 : 110 - RADIUS[p] + 20);
  return (
    <svg
      className="hs-virt-rings"
      viewBox="0 0 300 220"
      role="img"
      aria-label={`Privilege rings: the hart is in ${MODE_LETTER[priv]}-mode`}
    >
      {([0, 1, 3] as Priv[]).map((p) => (
        <g
          key={p}
          className={p === priv ? 'hs-virt-ring hs-virt-ring-current' : 'hs-virt-ring'}
          data-mode={MODE_LETTER[p]}
        >
          <circle
            cx="110"
            cy="110"
            r={RADIUS[p]}
            className={`hs-virt-mode-${MODE_LETTER[p].toLowerCase()}`}
          />
          <text x="110" y={y(p)} textAnchor="middle">
            {MODE_LETTER[p]}
          </text>
          {p === priv && (
            <text x="214" y={y(p)} className="hs-virt-here">
              ◀ {MODE_LETTER[p]} now
            </text>
          )}
        </g>
      ))}
      {transition && (
        <g
          key={`${transition.step}-${transition.kind}`}
          className={`hs-virt-arrow hs-virt-arrow-${transition.kind}`}
        >
          <line
            x1="288"
            y1={y(transition.from)}
            x2="288"
            y2={y(transition.to)}
            markerEnd="url(#hs-virt-head)"
          />
          <text
            x="282"
            y={(y(transition.from) + y(transition.to)) / 2}
            textAnchor="end"
            className="hs-virt-arrow-label"
          >
            {transition.kind === 'return'
              ? transition.from === 3
                ? 'mret'
                : 'sret'
              : transition.kind === 'vmexit'
                ? 'VM exit'
                : transition.interrupt
                  ? 'interrupt'
                  : 'trap'}
          </text>
        </g>
      )}
      <defs>
        <marker
          id="hs-virt-head"
          viewBox="0 0 10 10"
          refX="5"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
        </marker>
      </defs>
    </svg>
  );
}

function ModeBars({ retired }: { retired: VirtualizationViewProps['retired'] }) {
  const total = retired.U + retired.S + retired.M || 1;
  const pct = (n: number): string => `${((100 * n) / total).toFixed(1)}%`;
  return (
    <div className="hs-virt-bars" aria-label="Instructions retired per mode">
      {(['U', 'S', 'M'] as const).map((m) => (
        <div key={m} className="hs-virt-bar-row">
          <span className="hs-virt-bar-name">{m}-mode</span>
          <span className="hs-virt-bar-track">
            <span
              className={`hs-virt-bar hs-virt-mode-${m.toLowerCase()}`}
              style={{ width: pct(retired[m]) }}
            />
          </span>
          <span className="hs-virt-bar-value">
            {retired[m].toLocaleString('en')} ({pct(retired[m])})
          </span>
        </div>
      ))}
      <p className="hs-teach-explain">
        <strong>{pct(retired.U + retired.S)}</strong> ran directly in the guest (U and S),{' '}
        <strong>{pct(retired.M)}</strong> in the monitor (M). A guest runs fast when it rarely needs the
        monitor: every trap into M costs the trap itself and the handler's instructions.
      </p>
    </div>
  );
}

function Timeline({ events, csrs }: Pick<VirtualizationViewProps, 'events' | 'csrs'>) {
  const spans = new Map(trapSpans(events).map((s) => [s.index, s.handlerInstructions]));
  const rows = events.map((e, i) => ({ e, i })).filter(({ e }) => e.kind !== 'return');
  // Without return events (a trap log that records only traps) a handler's length is unknown, not running.
  const returns = events.some((e) => e.kind === 'return');
  if (rows.length === 0) return <p className="hs-teach-muted">No traps yet.</p>;
  return (
    <table className="hs-virt-timeline">
      <caption>Traps, newest last</caption>
      <thead>
        <tr>
          <th scope="col">at instruction</th>
          <th scope="col">what</th>
          <th scope="col">from → to</th>
          <th scope="col">handler ran</th>
          <th scope="col">why it went there</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ e, i }) => {
          const n = spans.get(i);
          const vmexit = e.kind === 'vmexit';
          return (
            <tr key={i} className={vmexit ? 'hs-virt-vmexit' : undefined}>
              <td>{e.step.toLocaleString('en')}</td>
              <td>
                {vmexit
                  ? `VM exit: ${e.detail ?? 'SBI call'}`
                  : causeName(e.cause ?? 0, e.interrupt ?? false)}
              </td>
              <td>
                {MODE_LETTER[e.from]} → {vmexit ? 'host ⇥' : MODE_LETTER[e.to]}
              </td>
              <td>
                {vmexit
                  ? 'outside the machine'
                  : !returns
                    ? 'not recorded'
                    : n === null || n === undefined
                      ? 'still running'
                      : `${n} instructions`}
              </td>
              <td className="hs-virt-why">
                {vmexit
                  ? 'Host SBI: the emulator itself answers the call, as KVM answers a hypercall. The guest leaves the virtual machine entirely; no guest instruction runs in M-mode.'
                  : explainTrapRouting({
                      cause: e.cause ?? 0,
                      interrupt: e.interrupt ?? false,
                      fromPriv: e.from,
                      ...csrs,
                    }).text}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const MARK = { innocuous: '·', privileged: 'P', sensitive: '⚠' } as const;

function Classified({
  lines,
  breakIsa,
}: {
  lines: NonNullable<VirtualizationViewProps['lines']>;
  breakIsa?: string | null;
}) {
  return (
    <table className="hs-virt-classified">
      <caption>Popek and Goldberg: which instructions must trap</caption>
      <tbody>
        {lines.map((l) => {
          const row = l.word === null ? undefined : decode(l.word);
          const c = row ? classifyInstruction(row, l.word!, breakIsa ?? undefined) : undefined;
          return (
            <tr key={String(l.address)} className={c ? `hs-virt-${c.kind}` : undefined}>
              <td className="hs-virt-addr">{l.address.toString(16)}</td>
              <td>
                <code>{l.text}</code>
              </td>
              <td className="hs-virt-class">{c ? `${MARK[c.kind]} ${c.kind}` : ''}</td>
              <td className="hs-virt-why">{c?.why}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function VirtualizationView(props: VirtualizationViewProps) {
  const { priv, events, retired, csrs, lines, breakIsa, onBreakIsaChange } = props;
  return (
    <section className="hs-panel hs-teach hs-virt" aria-label="Virtualization">
      <h3 className="hs-teach-title">Privilege and virtualization</h3>
      <div className="hs-virt-top">
        <Rings priv={priv} last={events[events.length - 1]} />
        <div>
          <p>
            Now in <strong>{MODE_LETTER[priv]}-mode</strong>: {NAMES[priv]}.
          </p>
          <p className="hs-teach-explain">
            The inner ring may do everything; each outer ring less. A program in an outer ring that tries
            something only an inner ring may do does not do it: the hart <em>traps</em> inward, and the inner
            ring decides what happens. That is how a monitor keeps control of a guest that runs directly on
            the processor.
          </p>
          <ModeBars retired={retired} />
        </div>
      </div>
      <Timeline events={events} csrs={csrs} />
      {lines && lines.length > 0 && (
        <>
          <Classified lines={lines} breakIsa={breakIsa} />
          <p className="hs-teach-explain">
            <strong>Sensitive</strong> instructions read or change the machine's control state. Popek and
            Goldberg (1974): a machine can run a monitor by trap-and-emulate if every sensitive instruction is{' '}
            <strong>privileged</strong>, that is, traps when run in a less privileged mode. In RISC-V every
            sensitive instruction is privileged, by design: no instruction here is sensitive without trapping.
            x86 before VT-x had seventeen that were (POPF silently ignores the interrupt flag in user mode),
            so VMware had to rewrite guest code as it ran.
          </p>
        </>
      )}
      {onBreakIsaChange && (
        <label className="hs-virt-break">
          <input
            type="checkbox"
            checked={breakIsa !== null && breakIsa !== undefined}
            onChange={(e) => onBreakIsaChange(e.target.checked ? 'sret' : null)}
          />{' '}
          Break the ISA: let <code>sret</code> in U-mode run as a no-op instead of trapping (watch the monitor
          lose control)
        </label>
      )}
    </section>
  );
}
