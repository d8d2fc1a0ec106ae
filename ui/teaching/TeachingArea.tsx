/**
 * The teaching area of the page (issue 6): the view the switcher's tab selects (Emulation, Virtualization,
 * Lessons), fed from the page's emulator view. It stays mounted while the debugger tab is shown, so that a
 * lesson's console text and the host-time counter keep up with the machine.
 * Props: tab; emu (the page's EmulatorView); host (the lesson commands, useLessonMachine.ts); connect (a new
 * worker: the cost measurement runs its workload there, leaving the page's program alone); engine and
 * onEngineChange (the live engine switch); breakIsa/onBreakIsaChange once the machine offers it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { csrMap } from '../../src/worker/emulator-api';
import type { EmulatorConnection } from '../../src/worker/client';
import { EmulationView, type Engine } from './EmulationView';
import { InstructionFormat } from './InstructionFormat';
import { LessonPlayer } from './LessonPlayer';
import { privEventOf } from './lesson-state';
import { LESSON_ERRORS, LESSONS } from './lessons';
import { measureEmulationCost, type CostMeasurement } from './measure-cost';
import { hostArchitecture, type UaArchHints } from './native-twin';
import { useLessonMachine, type LessonHost } from './useLessonMachine';
import { VirtualizationView } from './VirtualizationView';
import './TeachingArea.css';

export type TeachingTab = 'emulation' | 'virtualization' | 'lessons';

export interface TeachingAreaProps {
  tab: TeachingTab | null;
  host: LessonHost;
  connect: () => EmulatorConnection;
  engine?: Engine;
  onEngineChange?: (engine: Engine) => void;
  breakIsa?: string | null;
  onBreakIsaChange?: (mnemonic: string | null) => void;
}

interface UaData {
  getHighEntropyValues?(hints: string[]): Promise<UaArchHints>;
}

/** The host's architecture: the user-agent string at once, the client hints when the browser answers. */
function useHostArchitecture(): string {
  const [hints, setHints] = useState<UaArchHints | undefined>();
  useEffect(() => {
    const data = (navigator as Navigator & { userAgentData?: UaData }).userAgentData;
    void data
      ?.getHighEntropyValues?.(['architecture', 'bitness'])
      .then(setHints)
      .catch(() => undefined);
  }, []);
  return hostArchitecture(navigator.userAgent, hints);
}

/** Host milliseconds spent running since the program was loaded (from the page's running/stopped views). */
function useHostTime(running: boolean, program: unknown): number {
  const [ms, setMs] = useState(0);
  const since = useRef<number | null>(null);
  const [seen, setSeen] = useState(program);
  if (seen !== program) {
    setSeen(program);
    setMs(0);
  }
  useEffect(() => {
    if (!running) return;
    since.current = performance.now();
    const t = setInterval(() => {
      const now = performance.now();
      setMs((m) => m + now - (since.current ?? now));
      since.current = now;
    }, 250);
    return () => {
      clearInterval(t);
      const now = performance.now();
      const start = since.current;
      if (start !== null) setMs((m) => m + now - start);
      since.current = null;
    };
  }, [running, program]);
  return ms;
}

const RETIRED_NONE = { U: 0, S: 0, M: 0 };

export function TeachingArea(p: TeachingAreaProps) {
  const { emu } = p.host;
  const state = emu.state;
  const lesson = useLessonMachine(p.host);
  const host = useHostArchitecture();
  const hostMs = useHostTime(state?.status.kind === 'running', emu.program);
  const [cost, setCost] = useState<CostMeasurement | null>(null);
  const [measuring, setMeasuring] = useState(false);
  const [costError, setCostError] = useState<string | null>(null);
  const [lessonId, setLessonId] = useState(LESSONS[0]?.id ?? '');
  const chosen = LESSONS.find((l) => l.id === lessonId) ?? LESSONS[0];

  const csrs = useMemo(() => (state ? csrMap(state.csrs) : null), [state]);
  const events = useMemo(() => emu.traps.map(privEventOf), [emu.traps]);
  // Instructions retired per mode (the state view's counters, whatever minstret says).
  const byMode = state?.retiredByMode;
  const retired = byMode ? { U: byMode.user, S: byMode.supervisor, M: byMode.machine } : RETIRED_NONE;
  const line = state ? emu.disasm.find((l) => l.address === state.pc) : undefined;

  const measure = async () => {
    setMeasuring(true);
    setCostError(null);
    const c = p.connect();
    try {
      setCost(await measureEmulationCost(c.api));
    } catch (e) {
      setCostError(e instanceof Error ? e.message : String(e));
    } finally {
      c.terminate();
      setMeasuring(false);
    }
  };

  if (p.tab === null) return null;
  return (
    <div className="hs-teach-area" data-tab={p.tab}>
      {p.tab === 'emulation' && (
        <>
          <section className="hs-panel hs-teach" aria-label="The instruction at pc">
            <h3 className="hs-teach-title">The instruction at pc, taken apart</h3>
            {line?.word != null ? (
              <InstructionFormat word={line.word} pc={line.address} />
            ) : (
              <p className="hs-teach-muted">
                {state?.status.kind === 'running'
                  ? 'Pause or step to see the instruction at pc.'
                  : 'Load a program to see its instruction at pc.'}
              </p>
            )}
          </section>
          <EmulationView
            host={host}
            counters={{ instructions: state?.instructionsRetired ?? 0n, hostMs }}
            cost={cost ?? undefined}
            onMeasure={() => void measure()}
            measuring={measuring}
            engine={p.onEngineChange ? (p.engine ?? 'interpreter') : undefined}
            onEngineChange={p.onEngineChange}
          />
          {cost && !cost.agree && (
            <p className="hs-teach-area-note" role="alert">
              The emulated workload printed a different result from its JavaScript twin: the measurement is
              not comparing the same work.
            </p>
          )}
          {costError && (
            <p className="hs-teach-area-note" role="alert">
              The measurement failed: {costError}
            </p>
          )}
        </>
      )}
      {p.tab === 'virtualization' && state && csrs && (
        <VirtualizationView
          priv={state.priv}
          events={events}
          retired={retired}
          csrs={{
            medeleg: csrs.get('medeleg') ?? 0n,
            mideleg: csrs.get('mideleg') ?? 0n,
            mstatus: csrs.get('mstatus') ?? 0n,
            mie: csrs.get('mie') ?? 0n,
          }}
          lines={emu.disasm}
          breakIsa={p.breakIsa}
          onBreakIsaChange={p.onBreakIsaChange}
        />
      )}
      {p.tab === 'lessons' && (
        <div className="hs-teach-lessons">
          <label className="hs-teach-picker">
            <span>Lesson</span>
            <select value={chosen?.id ?? ''} onChange={(e) => setLessonId(e.target.value)}>
              {LESSONS.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.title}
                </option>
              ))}
            </select>
          </label>
          {LESSON_ERRORS.length > 0 && (
            <details className="hs-teach-area-note">
              <summary>
                {LESSON_ERRORS.length} problem(s) in lessons/*.json (those lessons are left out)
              </summary>
              <ul>
                {LESSON_ERRORS.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </details>
          )}
          {lesson.error && (
            <p className="hs-teach-area-note" role="alert">
              {lesson.error}
            </p>
          )}
          {chosen && (
            <LessonPlayer
              key={chosen.id}
              lesson={chosen}
              state={lesson.state}
              act={lesson.act}
              busy={lesson.busy}
              ended={state?.status.kind === 'exit' ? state.status.code : null}
            />
          )}
        </div>
      )}
    </div>
  );
}
