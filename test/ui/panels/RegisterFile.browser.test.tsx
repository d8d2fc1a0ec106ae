/** RegisterFile in Chromium: hex and decimal columns, changed highlighting, editing with validation. */
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { RegisterFile } from '../../../ui/panels/RegisterFile';
import { shoot, Themed } from './shots';

function regs(): BigUint64Array {
  const x = new BigUint64Array(32);
  x[1] = 0x80000010n; // ra
  x[2] = 0x80005000n; // sp
  x[10] = 0xffffffffffffffffn; // a0 = -1
  x[11] = 0x8000000000000000n; // a1 = most negative
  x[5] = 0x100000n;
  return x;
}

describe('RegisterFile', () => {
  it('shows pc and x0..x31 with ABI names, in hex and signed or unsigned decimal', async () => {
    const screen = await render(<RegisterFile x={regs()} pc={0x80000004n} />);
    await expect.element(screen.getByTestId('reg-pc')).toHaveTextContent('0x0000_0000_8000_0004');
    await expect.element(screen.getByTestId('reg-x2')).toHaveTextContent('0x0000_0000_8000_5000');
    await expect.element(screen.getByTestId('reg-x31')).toHaveTextContent('0x0000_0000_0000_0000');
    expect(screen.getByRole('row', { name: /x10 a0/ }).element()).toBeTruthy();
    expect(screen.getByRole('row', { name: /x8 s0/ }).element()).toBeTruthy();
    // Two's complement: 0xffff_ffff_ffff_ffff is -1 signed, 2^64 - 1 unsigned; 2^63 is -2^63 signed.
    await expect.element(screen.getByTestId('reg-x10-dec')).toMatchTextContent(/^-1$/);
    await expect.element(screen.getByTestId('reg-x11-dec')).toHaveTextContent('-9223372036854775808');
    await screen.getByRole('radio', { name: 'unsigned' }).click();
    await expect.element(screen.getByTestId('reg-x10-dec')).toHaveTextContent('18446744073709551615');
    await expect.element(screen.getByTestId('reg-x11-dec')).toHaveTextContent('9223372036854775808');
  });

  it('highlights exactly the registers in the changed mask', async () => {
    const screen = await render(<RegisterFile x={regs()} pc={0n} changed={(1 << 2) | (1 << 10)} />);
    const changed = [...screen.container.querySelectorAll('tr[data-changed] th .hs-reg-label')].map(
      (th) => th.textContent,
    );
    expect(changed).toEqual(['x2', 'x10']);
    // Not by colour alone: a visible glyph and, for screen readers, the word "changed" on exactly those rows.
    const marked = [...screen.container.querySelectorAll('tr')].filter((tr) =>
      tr.querySelector('.hs-changed-mark')?.textContent?.includes('◆'),
    );
    expect(marked.map((tr) => tr.querySelector('.hs-reg-label')?.textContent)).toEqual(['x2', 'x10']);
    await expect.element(screen.getByRole('rowheader', { name: 'x10 (changed)' })).toBeInTheDocument();
    await expect.element(screen.getByRole('rowheader', { name: 'x11', exact: true })).toBeInTheDocument();
  });

  it('edits a register while paused: hex, decimal and negative input, parsed to 64 bits', async () => {
    const onEdit = vi.fn();
    const screen = await render(<RegisterFile x={regs()} pc={0n} editable onEdit={onEdit} />);
    const edit = async (reg: string, text: string) => {
      await userEvent.dblClick(screen.getByTestId(`reg-${reg}`));
      const input = screen.getByRole('textbox', { name: `new value for ${reg}` });
      await userEvent.clear(input);
      await userEvent.type(input, `${text}{Enter}`);
    };
    await edit('x5', '0x1234_abcd');
    await edit('x6', '42');
    await edit('x7', '-2');
    expect(onEdit.mock.calls).toEqual([
      [5, 0x1234abcdn],
      [6, 42n],
      [7, 0xfffffffffffffffen],
    ]);
  });

  it('refuses bad input with a message and keeps the editor open', async () => {
    const onEdit = vi.fn();
    const screen = await render(<RegisterFile x={regs()} pc={0n} editable onEdit={onEdit} />);
    await userEvent.dblClick(screen.getByTestId('reg-x5'));
    const input = screen.getByRole('textbox', { name: 'new value for x5' });
    await userEvent.clear(input);
    await userEvent.type(input, '0xzz{Enter}');
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/not a number/);
    await userEvent.clear(input);
    await userEvent.type(input, '0x1_0000_0000_0000_0000{Enter}');
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/does not fit in 64 bits/);
    expect(onEdit).not.toHaveBeenCalled();
    await userEvent.keyboard('{Escape}');
    await expect.element(screen.getByTestId('reg-x5')).toHaveTextContent('0x0000_0000_0010_0000');
  });

  it('refuses an odd pc with the reason (RISC-V instructions are 2-byte aligned), and takes an even one', async () => {
    const onEditPc = vi.fn();
    const screen = await render(
      <RegisterFile x={regs()} pc={0x80000004n} editable onEdit={vi.fn()} onEditPc={onEditPc} />,
    );
    await userEvent.dblClick(screen.getByTestId('reg-pc'));
    const input = screen.getByRole('textbox', { name: 'new value for pc' });
    await userEvent.clear(input);
    await userEvent.type(input, '0x80000005{Enter}');
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/pc must be even/);
    expect(onEditPc).not.toHaveBeenCalled();
    await page.screenshot({ path: '../../../test-results/panels/register-file-odd-pc.png' });
    await userEvent.clear(input);
    await userEvent.type(input, '0x80000006{Enter}');
    expect(onEditPc).toHaveBeenCalledWith(0x80000006n);
  });

  it('does not edit while running', async () => {
    const onEdit = vi.fn();
    const screen = await render(<RegisterFile x={regs()} pc={0n} editable={false} onEdit={onEdit} />);
    await userEvent.dblClick(screen.getByTestId('reg-x5'));
    expect(screen.container.querySelector('input:not([type=radio])')).toBeNull();
    expect(onEdit).not.toHaveBeenCalled();
  });

  it('does not edit x0, which is hardwired to zero', async () => {
    const screen = await render(<RegisterFile x={regs()} pc={0n} editable onEdit={vi.fn()} />);
    await userEvent.dblClick(screen.getByTestId('reg-x0'));
    expect(screen.container.querySelector('input:not([type=radio])')).toBeNull();
    // ...while x1 next to it is editable: the check above is not vacuous.
    await userEvent.dblClick(screen.getByTestId('reg-x1'));
    expect(screen.container.querySelector('input:not([type=radio])')).not.toBeNull();
  });

  it('looks like a debugger in light and dark', async () => {
    await page.viewport(1100, 700);
    await render(
      <Themed>
        <RegisterFile x={regs()} pc={0x80000004n} changed={(1 << 2) | (1 << 10)} pcChanged />
      </Themed>,
    );
    await shoot('register-file');
  });
});
