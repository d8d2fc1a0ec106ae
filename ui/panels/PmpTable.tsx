/**
 * The first PMP entries decoded (part of the CSR panel): permissions R W X, match mode A, lock L and the
 * address range each entry covers. Props: pmpcfg0, pmpaddr (pmpaddr0.. up to 8 values), previousCfg?.
 */
import { hexGrouped } from '../format';
import { decodePmpEntries } from './pmp-fields';

export interface PmpTableProps {
  pmpcfg0: bigint;
  pmpaddr: readonly bigint[];
  previousCfg?: bigint;
}

const flag = (on: boolean, letter: string) => (on ? letter : '-');

export function PmpTable({ pmpcfg0, pmpaddr, previousCfg }: PmpTableProps) {
  const entries = decodePmpEntries(pmpcfg0, pmpaddr);
  const before = previousCfg === undefined ? undefined : decodePmpEntries(previousCfg, pmpaddr);
  return (
    <table className="hs-pmp-table hs-mono" aria-label="PMP entries">
      <thead>
        <tr>
          <th scope="col">pmp</th>
          <th scope="col">cfg</th>
          <th scope="col">RWX</th>
          <th scope="col">A</th>
          <th scope="col">L</th>
          <th scope="col">range (first .. last)</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr
            key={e.index}
            data-testid={`pmp-${e.index}`}
            className={[
              e.a === 'OFF' ? 'hs-pmp-off' : '',
              before && before[e.index].cfg !== e.cfg ? 'hs-changed' : '',
            ]
              .join(' ')
              .trim()}
          >
            <th scope="row">{e.index}</th>
            <td>{e.cfg.toString(16).padStart(2, '0')}</td>
            <td>{flag(e.r, 'R') + flag(e.w, 'W') + flag(e.x, 'X')}</td>
            <td>{e.a}</td>
            <td>{flag(e.l, 'L')}</td>
            <td>{e.range ? `${hexGrouped(e.range.first, 16)} .. ${hexGrouped(e.range.last, 16)}` : '-'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
