/**
 * The integer register file: pc and x0..x31 with their ABI names, each in hex and in decimal (a toggle picks
 * signed or unsigned), the registers that the last step changed highlighted and marked with a ◆. While paused a value can be
 * edited by double-clicking it (or focusing it and pressing Enter): hex 0x..., decimal or negative decimal.
 *
 * Props:
 * - x: x0..x31 (BigUint64Array or 32 bigints).
 * - pc: the program counter.
 * - changed?: bit i set = xi changed since the previous pause (bit 0 unused); pcChanged? likewise for pc.
 * - editable?: true while the machine is paused (editing is refused otherwise).
 * - onEdit?(index 1..31, value as unsigned 64-bit bigint); onEditPc?(value).
 * - columns?: 1 or 2 (default 2): how many columns of registers.
 * - decimal?: 'signed' | 'unsigned' to control the toggle from outside; otherwise it keeps its own state.
 */
import { useId, useState } from 'react';
import { ABI_NAMES, hex64, signedDec, unsignedDec } from '../format';
import { ValueEditor } from './ValueEditor';
import './panel-theme.css';
import './RegisterFile.css';

export type DecimalMode = 'signed' | 'unsigned';

export interface RegisterFileProps {
  x: BigUint64Array | readonly bigint[];
  pc: bigint;
  changed?: number;
  pcChanged?: boolean;
  editable?: boolean;
  onEdit?: (index: number, value: bigint) => void;
  onEditPc?: (value: bigint) => void;
  columns?: 1 | 2;
  decimal?: DecimalMode;
}

interface RowProps {
  id: string;
  name: string;
  abi: string;
  value: bigint;
  changed: boolean;
  decimal: DecimalMode;
  /** Undefined: not editable (x0, or running). */
  onCommit?: (value: bigint) => void;
  /** Why a new value cannot be taken (shown under the field, which stays open), or null. */
  validate?: (value: bigint) => string | null;
  readOnlyReason?: string;
}

/** A hart has no odd pc: RISC-V instructions are 2-byte aligned (the worker refuses one too). */
const evenPc = (v: bigint): string | null =>
  (v & 1n) === 0n ? null : 'pc must be even: RISC-V instructions are 2-byte aligned';

function RegisterRow(props: RowProps) {
  const { id, name, abi, value, changed, decimal, onCommit, validate, readOnlyReason } = props;
  const [editing, setEditing] = useState(false);
  const hex = hex64(value);
  const start = () => onCommit && setEditing(true);
  return (
    <tr className={changed ? 'hs-changed' : undefined} data-changed={changed || undefined}>
      <th scope="row" className="hs-reg-name">
        <span className="hs-reg-label">{name}</span>
        {/* Not colour alone: a glyph on screen and a word for screen readers mark a changed register. */}
        <span className="hs-changed-mark" aria-hidden="true">
          {changed ? '◆' : ''}
        </span>
        {changed && <span className="hs-sr-only"> (changed)</span>}
      </th>
      <td className="hs-reg-abi">{abi}</td>
      <td
        className="hs-reg-hex hs-mono"
        data-testid={`reg-${id}`}
        tabIndex={0}
        title={onCommit ? 'double-click or Enter to edit' : readOnlyReason}
        onDoubleClick={start}
        onKeyDown={(e) => e.key === 'Enter' && !editing && start()}
      >
        {editing && onCommit ? (
          <ValueEditor
            initial={hex}
            bits={64}
            label={`new value for ${name}`}
            size={24}
            validate={validate}
            onCommit={(v) => {
              setEditing(false);
              onCommit(v);
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          hex
        )}
      </td>
      <td className="hs-reg-dec hs-mono" data-testid={`reg-${id}-dec`}>
        {decimal === 'signed' ? signedDec(value) : unsignedDec(value)}
      </td>
    </tr>
  );
}

export function RegisterFile(props: RegisterFileProps) {
  const { x, pc, changed = 0, pcChanged = false, editable = false, onEdit, onEditPc, columns = 2 } = props;
  const [ownDecimal, setDecimal] = useState<DecimalMode>('signed');
  const decimal = props.decimal ?? ownDecimal;
  const radioName = useId();
  const rows = (from: number, to: number) => {
    const out = [];
    for (let i = from; i < to; i++) {
      const canEdit = editable && onEdit !== undefined && i !== 0;
      out.push(
        <RegisterRow
          key={i}
          id={`x${i}`}
          name={`x${i}`}
          abi={ABI_NAMES[i]}
          value={BigInt(x[i])}
          changed={((changed >>> i) & 1) === 1}
          decimal={decimal}
          onCommit={canEdit ? (v) => onEdit(i, v) : undefined}
          readOnlyReason={i === 0 ? 'x0 is hardwired to zero' : 'pause the machine to edit'}
        />,
      );
    }
    return out;
  };
  const half = columns === 2 ? 16 : 32;
  const head = (
    <thead>
      <tr>
        <th scope="col">reg</th>
        <th scope="col">abi</th>
        <th scope="col">hex</th>
        <th scope="col">{decimal}</th>
      </tr>
    </thead>
  );
  return (
    <div className="hs-panel hs-register-file" aria-label="Integer registers" role="group">
      <div className="hs-panel-toolbar">
        <table className="hs-reg-table hs-reg-pc">
          <tbody>
            <RegisterRow
              id="pc"
              name="pc"
              abi=""
              value={pc}
              changed={pcChanged}
              decimal="unsigned"
              onCommit={editable && onEditPc ? onEditPc : undefined}
              validate={evenPc}
              readOnlyReason="pause the machine to edit"
            />
          </tbody>
        </table>
        <span className="hs-reg-toggle" role="radiogroup" aria-label="Decimal column">
          decimal:
          {(['signed', 'unsigned'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name={radioName} checked={decimal === m} onChange={() => setDecimal(m)} />{' '}
              {m}
            </label>
          ))}
        </span>
      </div>
      <div className="hs-reg-columns">
        <table className="hs-reg-table">
          {head}
          <tbody>{rows(0, half)}</tbody>
        </table>
        {columns === 2 && (
          <table className="hs-reg-table">
            {head}
            <tbody>{rows(16, 32)}</tbody>
          </table>
        )}
      </div>
    </div>
  );
}
