/**
 * The teaching views rendered from props (light and dark screenshots under test-results/teaching/, to look
 * at), and one whole lesson walked through with a fake `act` and scripted machine states.
 */
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import lessonText from '../../../lessons/01-fetch-decode-execute.json?raw';
import { EmulationView } from '../../../ui/teaching/EmulationView';
import { InstructionFormat } from '../../../ui/teaching/InstructionFormat';
import type { LessonMachineState } from '../../../ui/teaching/lesson-check';
import type { Lesson, LessonAction } from '../../../ui/teaching/lesson-schema';
import { LessonPlayer } from '../../../ui/teaching/LessonPlayer';
import { setPresentationMode } from '../../../ui/teaching/presentation';
import type { PrivEvent } from '../../../ui/teaching/virtualization';
import { VirtualizationView } from '../../../ui/teaching/VirtualizationView';
import { Themed } from '../panels/shots';
import { shoot } from './shots';

const fields = (root: HTMLElement) =>
  [...root.querySelectorAll('[data-testid="if-field"]')].map((e) => e.getAttribute('aria-label'));

describe('InstructionFormat', () => {
  it('splits a B-type word into labelled fields with the scrambled immediate pieces', async () => {
    await page.viewport(900, 700);
    // beq a0,a1,.-2042 assembled by GNU as 2.40: 0x80b503e3
    const screen = await render(
      <Themed>
        <InstructionFormat word={0x80b503e3} pc={0x80000010n} />
      </Themed>,
    );
    const light = screen.getByTestId('theme-light').element() as HTMLElement;
    expect(fields(light)).toEqual([
      'bits 31 to 25: imm[12|10:5] = 1000000',
      'bits 24 to 20: rs2 = 01011',
      'bits 19 to 15: rs1 = 01010',
      'bits 14 to 12: funct3 = 000',
      'bits 11 to 7: imm[4:1|11] = 00111',
      'bits 6 to 0: opcode = 1100011',
    ]);
    expect(light.textContent).toContain('if (x[rs1] == x[rs2]) pc = pc + sext(imm)');
    expect(light.textContent).toContain('-2042 → 0x7ffff816');
    await shoot('instruction-format-b');
  });

  it('shows a compressed instruction, its CB fields and its 32-bit expansion', async () => {
    await page.viewport(900, 900);
    // c.beqz s1,.-214 (GNU as 2.40: 0xd48d)
    const screen = await render(
      <Themed>
        <InstructionFormat word={0xd48d} pc={0x80000100n} />
      </Themed>,
    );
    const light = screen.getByTestId('theme-light').element() as HTMLElement;
    expect(fields(light).slice(0, 5)).toEqual([
      'bits 15 to 13: funct3 = 110',
      'bits 12 to 10: offset[8|4:3] = 101',
      "bits 9 to 7: rs1' = 001",
      'bits 6 to 2: offset[7:6|2:1|5] = 00011',
      'bits 1 to 0: op = 01',
    ]);
    expect(light.querySelector('[data-testid="if-expansion"]')?.textContent).toMatch(/^beq\ts1,zero,/);
    await shoot('instruction-format-cb');
  });
});

describe('EmulationView', () => {
  it('shows host versus guest, the counters and the slowdown; the engine switch calls back', async () => {
    await page.viewport(900, 800);
    const engines: string[] = [];
    const screen = await render(
      <Themed>
        <EmulationView
          host="x86-64"
          counters={{ instructions: 12_345_678n, hostMs: 250 }}
          cost={{ nativeMs: 4, emulatedMs: 180, instructions: 10_000_000 }}
          onMeasure={() => {}}
          engine="interpreter"
          onEngineChange={(e) => engines.push(e)}
        />
      </Themed>,
    );
    const light = screen.getByTestId('theme-light');
    await expect.element(light.getByTestId('emu-slowdown')).toHaveTextContent('45× slower');
    await expect.element(light.getByText('49.4 MIPS')).toBeVisible();
    expect(light.element().textContent).not.toContain('decoded-instruction cache');
    await light.getByLabelText(/translator/).click();
    expect(engines).toEqual(['translator']);
    await shoot('emulation');
  });

  it('shows the decoded-instruction cache switch only when the page offers it; no cost until measured', async () => {
    const cache: boolean[] = [];
    const screen = await render(
      <EmulationView
        host="ARM64"
        counters={{ instructions: 0, hostMs: 0 }}
        decodeCache={true}
        onDecodeCacheChange={(on) => cache.push(on)}
      />,
    );
    await expect.element(screen.getByText('Not measured yet.')).toBeVisible();
    expect(screen.container.textContent).not.toContain('interpreter');
    expect(screen.container.textContent).not.toContain('Measure:');
    await screen.getByRole('checkbox', { name: /decoded-instruction cache/ }).click();
    expect(cache).toEqual([false]);
  });
});

describe('VirtualizationView', () => {
  const events: PrivEvent[] = [
    { kind: 'trap', step: 1200, from: 0, to: 1, cause: 8 },
    { kind: 'trap', step: 1210, from: 1, to: 3, cause: 9 },
    { kind: 'return', step: 1290, from: 3, to: 1 },
    { kind: 'return', step: 1300, from: 1, to: 0 },
    { kind: 'vmexit', step: 1500, from: 1, to: 1, detail: 'SBI console_putchar' },
    { kind: 'trap', step: 2000, from: 1, to: 3, cause: 4 },
  ];
  it('draws the rings, the trap timeline with reasons, the per-mode bars and the classified code', async () => {
    await page.viewport(1000, 1300);
    const broken: (string | null)[] = [];
    const screen = await render(
      <Themed>
        <VirtualizationView
          priv={3}
          events={events}
          retired={{ U: 6000, S: 3000, M: 1000 }}
          csrs={{ medeleg: 1n << 8n, mideleg: 1n << 5n, mstatus: 0n, mie: 0n }}
          lines={[
            { address: 0x80200000n, word: 0x00c58533, text: 'add\ta0,a1,a2' },
            { address: 0x80200004n, word: 0x10002573, text: 'csrr\ta0,sstatus' },
            { address: 0x80200008n, word: 0x10200073, text: 'sret' },
          ]}
          breakIsa={null}
          onBreakIsaChange={(m) => broken.push(m)}
        />
      </Themed>,
    );
    const light = screen.getByTestId('theme-light').element() as HTMLElement;
    expect(light.querySelector('.hs-virt-ring-current')?.getAttribute('data-mode')).toBe('M');
    const rows = [...light.querySelectorAll('.hs-virt-timeline tbody tr')].map((r) => r.textContent ?? '');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('environment call from U-mode');
    expect(rows[0]).toContain('100 instructions');
    expect(rows[0]).toContain('medeleg bit 8 is set');
    expect(rows[1]).toContain('80 instructions');
    expect(rows[1]).toContain('medeleg bit 9 is clear');
    expect(rows[2]).toContain('VM exit');
    expect(rows[2]).toContain('host');
    expect(rows[3]).toContain('still running');
    expect(light.textContent).toContain('90.0% ran directly in the guest');
    const classes = [...light.querySelectorAll('.hs-virt-class')].map((c) => c.textContent);
    expect(classes).toEqual(['· innocuous', 'P privileged', 'P privileged']);
    await screen.getByTestId('theme-light').getByRole('checkbox').click();
    expect(broken).toEqual(['sret']);
    await shoot('virtualization');
  });
});

describe('LessonPlayer', () => {
  const lesson = JSON.parse(lessonText) as Lesson;
  const symbols = { next: 0x80200040n, _start: 0x80200000n };
  const machine = (pc: bigint, s1: bigint): LessonMachineState => {
    const x = new Array<bigint>(32).fill(0n);
    x[9] = s1;
    return { priv: 1, pc, x, lastTrap: null, console: '', symbols, instructionsRetired: 1000n };
  };

  it('walks the whole fetch-decode-execute lesson with a fake act and scripted states', async () => {
    await page.viewport(900, 900);
    const acts: LessonAction[] = [];
    const act = (a: LessonAction) => acts.push(a);
    const screen = await render(<LessonPlayer lesson={lesson} state={null} act={act} />);
    const next = screen.getByRole('button', { name: 'Next →' });
    // Step 1: the actions go through act, in order; the checkpoint waits for pc at `next`.
    await screen.getByRole('button', { name: 'Do it for me' }).click();
    expect(acts.map((a) => a.do)).toEqual(['load', 'break', 'run']);
    await expect.element(next).toBeDisabled();
    await screen.rerender(<LessonPlayer lesson={lesson} state={machine(0x80200000n, 0n)} act={act} />);
    await expect.element(next).toBeDisabled();
    await screen.rerender(<LessonPlayer lesson={lesson} state={machine(0x80200040n, 0n)} act={act} />);
    await expect.element(screen.getByText(/Checkpoint reached/)).toBeVisible();
    await page.screenshot({ path: '../../../test-results/teaching/lesson-walk-checkpoint.png' });
    await next.click();
    // Step 2: a wrong answer does not unlock Next, the right one does.
    await expect.element(screen.getByRole('heading', { name: /Step 2 of 4/ })).toBeVisible();
    await screen.getByLabelText('0x80200041').click();
    await expect.element(screen.getByText(/Not quite/)).toBeVisible();
    await expect.element(next).toBeDisabled();
    await screen.getByLabelText('0x80200042').click();
    await next.click();
    // Step 3: pc at `next` is not enough; s1 must be 13.
    await expect.element(screen.getByRole('heading', { name: /Step 3 of 4/ })).toBeVisible();
    await expect.element(next).toBeDisabled();
    await screen.rerender(<LessonPlayer lesson={lesson} state={machine(0x80200040n, 13n)} act={act} />);
    await next.click();
    // Step 4: the last question; then the lesson is complete.
    await screen.getByLabelText(/JavaScript code in the page/).click();
    await expect.element(screen.getByRole('button', { name: 'Lesson complete' })).toBeDisabled();
    await expect.element(screen.getByText(/Right\./)).toBeVisible();
    await page.screenshot({ path: '../../../test-results/teaching/lesson-walk-end.png' });
  });

  it('says when the program has ended before a checkpoint was reached, and not otherwise', async () => {
    const at = (pc: bigint, ended: number | null) => (
      <LessonPlayer lesson={lesson} state={machine(pc, 0n)} act={() => {}} ended={ended} />
    );
    const screen = await render(at(0x80200000n, null));
    const notice = screen.getByText(/The program has ended/);
    await expect.element(notice).not.toBeInTheDocument();
    await screen.rerender(at(0x80200000n, 3));
    await expect.element(screen.getByText(/The program has ended \(exit code 3\)/)).toBeVisible();
    // Reached: the checkpoint's own message, no ended notice even though the program has stopped.
    await screen.rerender(at(0x80200040n, 0));
    await expect.element(screen.getByText(/Checkpoint reached/)).toBeVisible();
    await expect.element(notice).not.toBeInTheDocument();
  });

  it('looks right in light, dark and presentation mode', async () => {
    await page.viewport(1000, 1400);
    await render(
      <Themed>
        <LessonPlayer lesson={lesson} state={machine(0x80200000n, 0n)} act={() => {}} />
      </Themed>,
    );
    await shoot('lesson');
    await page.viewport(1300, 1000);
    await render(
      <div className="hs-presentation" data-theme="dark" data-testid="presentation">
        <InstructionFormat word={0x80b503e3} pc={0x80200800n} />
      </div>,
    );
    await page
      .getByTestId('presentation')
      .screenshot({ path: '../../../test-results/teaching/presentation-dark.png' });
  });

  it('presentation mode: larger text, full-contrast colours, marked panels hidden, and back', async () => {
    const screen = await render(
      <div data-theme="light" data-testid="app">
        <p className="hs-teach-muted">muted</p>
        <section data-presentation="hide">memory</section>
      </div>,
    );
    const app = screen.getByTestId('app').element() as HTMLElement;
    const rem = () => parseFloat(getComputedStyle(document.documentElement).fontSize);
    const normal = rem();
    setPresentationMode(true, app);
    expect(rem()).toBeCloseTo(normal * 1.5);
    await expect.element(screen.getByText('memory')).not.toBeVisible();
    expect(getComputedStyle(app).getPropertyValue('--hs-fg').trim()).toBe('#000000');
    expect(getComputedStyle(app).getPropertyValue('--hs-bg').trim()).toBe('#ffffff');
    setPresentationMode(false, app);
    expect(rem()).toBeCloseTo(normal);
    await expect.element(screen.getByText('memory')).toBeVisible();
  });
});
