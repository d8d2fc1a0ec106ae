/**
 * InstructionFormat in Chromium: the fields drawn with their labels (not colour only) in the spec's bit
 * layout, the meaning line, and a compressed instruction's 32-bit expansion. Expected words are from
 * riscv64-unknown-elf-as (see the comments) and the field boundaries from the unprivileged spec's figures.
 */
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { InstructionFormat } from '../../../ui/teaching/InstructionFormat';
import { Themed } from '../panels/shots';
import { shoot } from './shots';

/** The drawn fields of the first diagram (or the n-th), as "hi:lo label bits". */
function drawn(container: HTMLElement, n = 0): string[] {
  const figure = container.querySelectorAll('[data-theme="light"] .hs-if-figure')[n];
  return [...figure.querySelectorAll<HTMLElement>('[data-testid="if-field"]')].map(
    (el) =>
      `${el.dataset.hi}:${el.dataset.lo} ${el.querySelector('.hs-if-label')!.textContent} ${el.querySelector('.hs-if-bits')!.textContent}`,
  );
}

describe('InstructionFormat', () => {
  it('a B-type word: the branch offset scrambled as imm[12|10:5] and imm[4:1|11]', async () => {
    // `beq a0, a1, .-16` at 0x80000010: as gives 0xfeb508e3 (offset -16 = 0x1ff0 in 13 bits).
    await page.viewport(960, 800);
    const screen = await render(
      <Themed width="900px">
        <InstructionFormat word={0xfeb508e3} pc={0x80000010n} />
      </Themed>,
    );
    expect(drawn(screen.container)).toEqual([
      // The spec's figure: bits 31:25 hold imm[12|10:5], bits 11:7 hold imm[4:1|11].
      '31:25 imm[12|10:5] 1111111',
      '24:20 rs2 01011',
      '19:15 rs1 01010',
      '14:12 funct3 000',
      '11:7 imm[4:1|11] 10001',
      '6:0 opcode 1100011',
    ]);
    const light = screen.getByTestId('theme-light');
    await expect
      .element(light.getByTestId('if-meaning'))
      .toHaveTextContent('if (x[rs1] == x[rs2]) pc = pc + sext(imm)');
    const operands = light.element().querySelector('[aria-label="Decoded operands"]')?.textContent ?? '';
    expect(operands).toContain('x10 (a0)');
    expect(operands).toContain('x11 (a1)');
    expect(operands).toContain('0x80000000 (pc - 16)');
    await shoot('format-beq');
  });

  it('a compressed c.j (CJ): offset[11|4|9:8|10|6|7|3:1|5] and its jal x0 expansion', async () => {
    // `c.j .+0x7fe`: as gives 0xaffd; the expansion is jal zero, 0x7fe (0x7ff0006f).
    await page.viewport(960, 900);
    const screen = await render(
      <Themed width="900px">
        <InstructionFormat word={0xaffd} pc={0x80000000n} />
      </Themed>,
    );
    expect(drawn(screen.container)).toEqual([
      '15:13 funct3 101',
      '12:2 offset[11|4|9:8|10|6|7|3:1|5] 01111111111',
      '1:0 op 01',
    ]);
    const light = screen.getByTestId('theme-light');
    await expect.element(light.getByTestId('if-expansion')).toHaveTextContent('jal zero,0x800007fe');
    // The expansion is drawn too, in its own (J) format.
    expect(drawn(screen.container, 1)[0]).toBe('31:12 imm[20|10:1|11|19:12] 01111111111000000000');
    await shoot('format-c-j');
  });

  it('an unknown word says it would raise an illegal-instruction exception', async () => {
    const screen = await render(<InstructionFormat word={0xffffffff} />);
    await expect.element(screen.getByText(/illegal-instruction exception/)).toBeInTheDocument();
  });
});
