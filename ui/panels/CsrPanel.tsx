/**
 * The CSRs that matter while learning traps and paging, each with its raw value and its decoded fields, the
 * ones that changed since the previous pause highlighted (the value, and each field that changed).
 *
 * Props:
 * - csrs: CSR name (as the spec spells it: 'mstatus', 'mcause', 'pmpaddr0', ...) -> value. Names that are
 *   missing are not shown.
 * - previous?: the values at the previous pause, same shape; differences are highlighted.
 * - priv: the current privilege mode (0 U, 1 S, 3 M).
 */
import type { ReactNode } from 'react';
import type { PrivilegeLevel } from '../../src/worker/emulator-api';
import { hex64 } from '../format';
import {
  decodeCauseFields,
  decodeCounteren,
  decodeInterruptBits,
  decodeMstatus,
  decodeSatp,
  decodeSstatus,
  decodeTvec,
  delegatedNames,
  type CsrField,
} from './csr-fields';
import { PmpTable } from './PmpTable';
import './panel-theme.css';
import './CsrPanel.css';

export type CsrValues = ReadonlyMap<string, bigint> | Readonly<Record<string, bigint>>;

export interface CsrPanelProps {
  csrs: CsrValues;
  previous?: CsrValues;
  priv: PrivilegeLevel;
}

export function csrValue(values: CsrValues | undefined, name: string): bigint | undefined {
  if (values === undefined) return undefined;
  if (values instanceof Map) return values.get(name);
  return (values as Readonly<Record<string, bigint>>)[name];
}

type Decoder = (v: bigint) => CsrField[] | string[];

/** Display order, grouped as the spec groups them; each with its decoder (none: the raw value says it all). */
const GROUPS: readonly { title: string; csrs: readonly [string, Decoder | null][] }[] = [
  {
    title: 'Machine',
    csrs: [
      ['mstatus', decodeMstatus],
      ['mtvec', decodeTvec],
      ['mepc', null],
      ['mcause', decodeCauseFields],
      ['mtval', null],
      ['mscratch', null],
      ['mie', (v) => decodeInterruptBits(v, 'IE')],
      ['mip', (v) => decodeInterruptBits(v, 'IP')],
      ['medeleg', (v) => delegatedNames(v, 'exceptions')],
      ['mideleg', (v) => delegatedNames(v, 'interrupts')],
      ['mcounteren', decodeCounteren],
    ],
  },
  {
    title: 'Supervisor',
    csrs: [
      ['sstatus', decodeSstatus],
      ['stvec', decodeTvec],
      ['sepc', null],
      ['scause', decodeCauseFields],
      ['stval', null],
      ['sscratch', null],
      ['sie', (v) => decodeInterruptBits(v, 'IE', true)],
      ['sip', (v) => decodeInterruptBits(v, 'IP', true)],
      ['satp', decodeSatp],
      ['scounteren', decodeCounteren],
    ],
  },
];

const PRIV_NAMES: Record<PrivilegeLevel, string> = { 0: 'U (user)', 1: 'S (supervisor)', 3: 'M (machine)' };

function renderDecoded(decoded: CsrField[] | string[], before: CsrField[] | string[] | undefined): ReactNode {
  if (decoded.length === 0) return <span className="hs-csr-none">none</span>;
  if (typeof decoded[0] === 'string') {
    const old = new Set(before as string[] | undefined);
    return (decoded as string[]).map((name) => (
      <span key={name} className={before && !old.has(name) ? 'hs-csr-field hs-changed' : 'hs-csr-field'}>
        {name}
      </span>
    ));
  }
  return (decoded as CsrField[]).map((field, i) => {
    const prev = (before as CsrField[] | undefined)?.[i];
    const changed = prev !== undefined && prev.value !== field.value;
    const zeroFlag = field.bits.indexOf(':') < 0 && field.value === 0n;
    const cls = ['hs-csr-field', changed ? 'hs-changed' : '', zeroFlag ? 'hs-csr-zero' : ''].join(' ').trim();
    return (
      <span key={field.name} className={cls} title={`${field.name} [${field.bits}]: ${field.title}`}>
        {field.name}={field.text}
      </span>
    );
  });
}

export function CsrPanel({ csrs, previous, priv }: CsrPanelProps) {
  const rows: ReactNode[] = [];
  for (const group of GROUPS) {
    const present = group.csrs.filter(([name]) => csrValue(csrs, name) !== undefined);
    if (present.length === 0) continue;
    rows.push(
      <tr key={group.title} className="hs-csr-group">
        <th colSpan={3} scope="rowgroup">
          {group.title}
        </th>
      </tr>,
    );
    for (const [name, decode] of present) {
      const value = csrValue(csrs, name)!;
      const before = csrValue(previous, name);
      const changed = before !== undefined && before !== value;
      rows.push(
        <tr key={name} data-testid={`csr-${name}`} className={changed ? 'hs-csr-changed' : undefined}>
          <th scope="row" className="hs-csr-name">
            {name}
          </th>
          <td className={changed ? 'hs-csr-value hs-mono hs-changed' : 'hs-csr-value hs-mono'}>
            {hex64(value)}
          </td>
          <td className="hs-csr-fields hs-mono" data-testid={`csr-${name}-fields`}>
            {decode && renderDecoded(decode(value), before === undefined ? undefined : decode(before))}
          </td>
        </tr>,
      );
    }
  }
  const pmpcfg0 = csrValue(csrs, 'pmpcfg0');
  const pmpaddr: bigint[] = [];
  for (let i = 0; i < 8 && csrValue(csrs, `pmpaddr${i}`) !== undefined; i++)
    pmpaddr.push(csrValue(csrs, `pmpaddr${i}`)!);
  return (
    <div className="hs-panel hs-csr-panel" role="group" aria-label="Control and status registers">
      <div className="hs-panel-toolbar">
        <span>
          privilege mode: <strong data-testid="csr-priv">{PRIV_NAMES[priv]}</strong>
        </span>
      </div>
      <table className="hs-csr-table">
        <tbody>{rows}</tbody>
      </table>
      {pmpcfg0 !== undefined && pmpaddr.length > 0 && (
        <PmpTable pmpcfg0={pmpcfg0} pmpaddr={pmpaddr} previousCfg={csrValue(previous, 'pmpcfg0')} />
      )}
    </div>
  );
}
