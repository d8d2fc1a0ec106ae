/**
 * Every lesson played against the real machine, as a student who presses every "Do it for me" would: the
 * actions go to the worker's session (the page's EmulatorSession, in Node), and each "do this until ..."
 * checkpoint must be reached by pressing Run again and again (at most RUN_PRESSES times). A lesson whose
 * checkpoint names a wrong register value, trap cause or mode fails here, not in front of a student.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FirmwareChoice, SymbolInfo } from '../../../src/worker/emulator-api';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { assembleRequest, EXAMPLES } from '../../../ui/app/examples';
import { checkCondition, type LessonMachineState } from '../../../ui/teaching/lesson-check';
import type { Lesson, LessonAction } from '../../../ui/teaching/lesson-schema';
import { LessonStateTracker } from '../../../ui/teaching/lesson-state';

const RUN_PRESSES = 30;

const monitorSources = Object.fromEntries(
  readdirSync('firmware/monitor')
    .filter((f) => f.endsWith('.S'))
    .map((f) => [f, readFileSync(join('firmware/monitor', f), 'utf8')]),
);
const lessons = readdirSync('lessons')
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(join('lessons', f), 'utf8')) as Lesson] as const);

class Student {
  readonly s = new EmulatorSession({ ramSize: 1 << 24 }, { monitorSources });
  private symbols: SymbolInfo[] = [];
  private breakpoints: bigint[] = [];
  tracker = new LessonStateTracker([]);
  state: LessonMachineState | null = null;

  private async load(
    file: string,
    text: string,
    firmware: FirmwareChoice['kind'],
    machine = EXAMPLES[0].machine,
  ) {
    const r = await this.s.assembleAndLoad({
      ...assembleRequest(file, text, firmware),
      firmware: { kind: firmware } as FirmwareChoice,
      machine,
    });
    if (!r.ok) throw new Error(`${file} does not load: ${r.error}`);
    this.symbols = r.symbols;
    this.tracker = new LessonStateTracker(r.symbols);
    this.breakpoints = [];
    await this.s.setBreakpoints([]);
  }

  async act(a: LessonAction): Promise<void> {
    switch (a.do) {
      case 'load': {
        const ex = EXAMPLES.find((x) => x.file === a.example)!;
        await this.load(a.example, ex.text, a.firmware, { ...ex.machine, ...a.options });
        break;
      }
      case 'open': // the page opens the file in the editor; the student assembles it (as bare metal)
        await this.load(a.file, readFileSync(join('lessons', a.file), 'utf8'), 'bare');
        break;
      case 'break': {
        const sym = this.symbols.find((s) => s.name === a.symbol);
        if (!sym) throw new Error(`no symbol ${a.symbol}`);
        this.breakpoints.push(sym.address);
        await this.s.setBreakpoints(this.breakpoints);
        break;
      }
      case 'clear-breakpoints':
        this.breakpoints = [];
        await this.s.setBreakpoints([]);
        break;
      case 'run':
        await this.s.run();
        break;
      case 'step':
        await this.s.step(a.count);
        break;
      case 'reset':
        await this.s.reset();
        this.tracker = new LessonStateTracker(this.symbols);
        break;
    }
    this.state = this.tracker.update(await this.s.getState());
  }
}

describe('every lesson, played on the machine', () => {
  it.each(lessons)('%s: each checkpoint is reached', async (file, lesson) => {
    const student = new Student();
    for (const [i, step] of lesson.steps.entries()) {
      for (const a of step.actions ?? []) await student.act(a);
      const check = step.check;
      if (check?.kind !== 'state' || file.includes('lab')) continue; // the lab's needs the student's code
      let presses = 0;
      while (!(student.state && checkCondition(check.until, student.state).ok) && presses++ < RUN_PRESSES)
        await student.act({ do: 'run' });
      const result = student.state ? checkCondition(check.until, student.state) : null;
      expect(
        result?.parts.filter((p) => !p.ok).map((p) => p.text),
        `${file}: steps[${i}] "${step.title}": not reached after ${RUN_PRESSES} presses of Run`,
      ).toEqual([]);
    }
  });

  it('host SBI: each SBI call is a VM exit on the timeline, named by its extension; no trap reaches M', async () => {
    const student = new Student();
    await student.act({ do: 'load', example: 'hello-sbi.S', firmware: 'host' });
    await student.act({ do: 'run' });
    const exits = student.tracker.events.filter((e) => e.kind === 'vmexit');
    // One legacy console_putchar (EID 0x01) per byte of the second line, plus the probe and the shutdown.
    const line = 'And this line went one byte per ecall (legacy console_putchar).\n';
    expect(exits.filter((e) => e.detail === 'SBI console_putchar (legacy)')).toHaveLength(line.length);
    expect(exits.some((e) => e.detail === 'SBI base')).toBe(true);
    expect(student.tracker.events.filter((e) => e.kind === 'trap' && e.to === 3)).toEqual([]);
    expect(student.state?.console).toContain(line);
  });

  it('the lab: the unfinished monitor traps on rdtime into M-mode, again and again', async () => {
    const student = new Student();
    await student.act({ do: 'open', file: 'lab-emulate/monitor-lab.S' });
    await student.s.step(2000);
    const state = student.tracker.update(await student.s.getState());
    expect(checkCondition({ priv: 'M', lastTrap: { cause: 2 } }, state).ok).toBe(true);
    const traps = student.tracker.events.filter((e) => e.kind === 'trap' && e.cause === 2);
    expect(traps.length).toBeGreaterThan(10);
    expect(state.console).toBe('');
  });
});
