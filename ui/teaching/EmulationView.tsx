/**
 * Emulation, explained: the host's architecture (what the browser reports) beside the guest's RV64, live
 * counters (guest instructions, host time, guest MIPS), the measured cost of emulation (a workload run as
 * plain JavaScript and as emulated RISC-V: the slowdown factor), and the engine switch (interpreter or
 * translator) plus the decoded-instruction cache, when the page offers them.
 * Props: host (hostArchitecture(...) text); counters ({ instructions, hostMs }); cost? (CostResults of a
 * measurement, absent until one ran) and onMeasure? (button to run one; hidden without it); engine? with
 * onEngineChange?; decodeCache? with onDecodeCacheChange? (each control hidden when its prop is absent).
 * The current instruction's diagram is InstructionFormat, placed beside this view by the page.
 */
import '../panels/panel-theme.css';
import './teaching.css';
import './EmulationView.css';
import { emulationCost, type CostResults } from './native-twin';

export type Engine = 'interpreter' | 'translator';

export interface EmulationViewProps {
  host: string;
  counters: { instructions: bigint | number; hostMs: number };
  cost?: CostResults;
  onMeasure?: () => void;
  measuring?: boolean;
  engine?: Engine;
  onEngineChange?: (engine: Engine) => void;
  decodeCache?: boolean;
  onDecodeCacheChange?: (on: boolean) => void;
}

const fmt = (n: number, digits = 1): string => n.toLocaleString('en', { maximumFractionDigits: digits });

export function EmulationView(p: EmulationViewProps) {
  const instructions = Number(p.counters.instructions);
  const mips = p.counters.hostMs > 0 ? instructions / p.counters.hostMs / 1000 : 0;
  const cost = p.cost ? emulationCost(p.cost) : undefined;
  return (
    <section className="hs-panel hs-teach hs-emu" aria-label="Emulation">
      <h3 className="hs-teach-title">Emulation: one machine pretending to be another</h3>
      <div className="hs-emu-arch">
        <div className="hs-emu-box">
          <span className="hs-teach-muted">host (your computer)</span>
          <strong data-testid="emu-host">{p.host}</strong>
          <span className="hs-teach-muted">
            runs JavaScript, compiled by the browser to its own instructions
          </span>
        </div>
        <span className="hs-emu-arrow" aria-hidden="true">
          emulates →
        </span>
        <div className="hs-emu-box hs-emu-guest">
          <span className="hs-teach-muted">guest (hartscope)</span>
          <strong>RISC-V RV64IMAC</strong>
          <span className="hs-teach-muted">
            every instruction fetched, decoded and carried out in JavaScript
          </span>
        </div>
      </div>
      <dl className="hs-emu-counters" aria-label="Live counters">
        <div>
          <dt>guest instructions</dt>
          <dd>{fmt(instructions, 0)}</dd>
        </div>
        <div>
          <dt>host time running</dt>
          <dd>{fmt(p.counters.hostMs / 1000, 2)} s</dd>
        </div>
        <div>
          <dt>guest speed</dt>
          <dd>{fmt(mips, 1)} MIPS</dd>
        </div>
      </dl>
      <div className="hs-emu-cost">
        <h4>The cost of emulation</h4>
        {cost && p.cost ? (
          <>
            <p className="hs-emu-factor" data-testid="emu-slowdown">
              {fmt(cost.slowdown, 1)}× slower
            </p>
            <p>
              The same workload took <strong>{fmt(p.cost.nativeMs)} ms</strong> as plain JavaScript and{' '}
              <strong>{fmt(p.cost.emulatedMs)} ms</strong> as {fmt(p.cost.instructions, 0)} emulated RISC-V
              instructions ({fmt(cost.hostNsPerGuestInstruction, 1)} ns of host time per guest instruction).
            </p>
          </>
        ) : (
          <p className="hs-teach-muted">Not measured yet.</p>
        )}
        <p className="hs-teach-explain">
          Plain JavaScript is compiled once to your processor's own instructions. Emulated, each RISC-V
          instruction costs many host instructions: read it from the array that stands for memory, decode its
          fields, call the function that carries it out, update pc and the counters, check for interrupts. A
          translator (like QEMU's) decodes a whole block of guest instructions once and reuses the result, so
          it pays the decoding only once per block.
        </p>
        {p.onMeasure && (
          <button type="button" onClick={p.onMeasure} disabled={p.measuring}>
            {p.measuring ? 'Measuring…' : 'Measure: run the workload both ways'}
          </button>
        )}
      </div>
      {(p.onEngineChange || p.onDecodeCacheChange) && (
        <fieldset className="hs-emu-engine">
          <legend>How the emulator runs the guest</legend>
          {p.onEngineChange &&
            (['interpreter', 'translator'] as const).map((e) => (
              <label key={e}>
                <input
                  type="radio"
                  name="hs-engine"
                  checked={p.engine === e}
                  onChange={() => p.onEngineChange!(e)}
                />{' '}
                {e === 'interpreter'
                  ? 'interpreter: one instruction at a time'
                  : 'translator: whole blocks, decoded once'}
              </label>
            ))}
          {p.onDecodeCacheChange && p.decodeCache !== undefined && (
            <label>
              <input
                type="checkbox"
                checked={p.decodeCache}
                onChange={(e) => p.onDecodeCacheChange!(e.target.checked)}
              />{' '}
              decoded-instruction cache
            </label>
          )}
        </fieldset>
      )}
    </section>
  );
}
