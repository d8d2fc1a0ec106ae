import { ABI_NAMES, hex64 } from './format';
import './RegisterFile.css';

const ROWS = 16;

function Cell({ i, x }: { i: number; x: BigUint64Array }) {
  return (
    <>
      <th scope="row">
        x{i} <span className="abi">{ABI_NAMES[i]}</span>
      </th>
      <td data-testid={`reg-x${i}`} className="mono">
        {hex64(x[i])}
      </td>
    </>
  );
}

/** x1..x31 with their ABI names, in hex, in two columns (x0 is always zero, so it is left out). */
export function RegisterFile({ x }: { x: BigUint64Array }) {
  const rows = [];
  for (let r = 1; r <= ROWS; r++) {
    rows.push(
      <tr key={r}>
        <Cell i={r} x={x} />
        {r + ROWS < 32 && <Cell i={r + ROWS} x={x} />}
      </tr>,
    );
  }
  return (
    <table className="register-file" aria-label="Integer registers">
      <tbody>{rows}</tbody>
    </table>
  );
}
