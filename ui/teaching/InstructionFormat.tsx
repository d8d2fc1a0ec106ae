/**
 * The current instruction taken apart: its bits split into the fields of its format (coloured per kind of
 * field AND labelled with the manual's field names), the decoded operands, its meaning in one line of
 * pseudo-code, and for a compressed instruction the 32-bit instruction it expands to (drawn the same way).
 * Everything is derived from the instruction table's row for the word (emulator/isa/table.ts).
 * Props: word (the instruction word; a 16-bit one in the low half), pc? (to show branch targets).
 */
import { EXPANSIONS } from '../../emulator/isa/compressed';
import { decode } from '../../emulator/isa/decode';
import { disassemble } from '../../emulator/isa/disasm';
import type { InstructionRow } from '../../emulator/isa/table';
import '../panels/panel-theme.css';
import './teaching.css';
import { instructionFields } from './instruction-layout';
import { instructionMeaning } from './instruction-meanings';
import { operandValues } from './operand-values';

export interface InstructionFormatProps {
  word: number;
  pc?: bigint;
}

const hexWord = (w: number, length: 2 | 4): string => `0x${(w >>> 0).toString(16).padStart(length * 2, '0')}`;

function FieldDiagram({ row, word, caption }: { row: InstructionRow; word: number; caption: string }) {
  const fields = instructionFields(row, word);
  return (
    <figure className="hs-if-figure">
      <figcaption className="hs-if-caption">{caption}</figcaption>
      <div className="hs-if-fields" role="list" aria-label={`${row.format}-type fields of ${row.name}`}>
        {fields.map((f) => (
          <div
            key={f.hi}
            role="listitem"
            className={`hs-if-field hs-if-${f.kind}`}
            style={{ flexGrow: f.hi - f.lo + 1 }}
            data-testid="if-field"
            data-hi={f.hi}
            data-lo={f.lo}
            aria-label={`bits ${f.hi} to ${f.lo}: ${f.label} = ${f.bits}`}
          >
            <span className="hs-if-range">{f.hi === f.lo ? f.hi : `${f.hi}…${f.lo}`}</span>
            <span className="hs-if-bits">{f.bits}</span>
            <span className="hs-if-label">{f.label}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}

export function InstructionFormat({ word, pc }: InstructionFormatProps) {
  const row = decode(word);
  const length = (word & 3) === 3 ? 4 : 2;
  if (row === undefined) {
    return (
      <section className="hs-panel hs-teach hs-if" aria-label="Instruction format">
        <p className="hs-if-illegal">
          {hexWord(word, length)} is not an instruction hartscope knows: executing it raises an
          illegal-instruction exception.
        </p>
      </section>
    );
  }
  const w = length === 4 ? word >>> 0 : word & 0xffff;
  const expand = EXPANSIONS[row.name];
  const expanded = row.length === 2 && expand ? expand(w) >>> 0 : undefined;
  const expandedRow = expanded === undefined ? undefined : decode(expanded);
  return (
    <section className="hs-panel hs-teach hs-if" aria-label="Instruction format">
      <h3 className="hs-teach-title">
        <code>{disassemble(w, pc ?? 0n)}</code>{' '}
        <span className="hs-teach-muted">
          {hexWord(w, length)} · {row.format}-type · {row.ext} extension · {length * 8} bits
        </span>
      </h3>
      <FieldDiagram row={row} word={w} caption={`${row.name}: the ${row.format} format`} />
      <dl className="hs-if-operands" aria-label="Decoded operands">
        {operandValues(row, w, pc).map((o, i) => (
          <div key={i}>
            <dt>{o.role}</dt>
            <dd>{o.text}</dd>
          </div>
        ))}
      </dl>
      <p className="hs-if-meaning">
        <span className="hs-teach-muted">meaning: </span>
        <code data-testid="if-meaning">{instructionMeaning(row.name)}</code>
      </p>
      {expanded !== undefined && expandedRow && (
        <div className="hs-if-expansion">
          <p>
            A compressed instruction is a short spelling of one 32-bit instruction; the hart carries out{' '}
            <code data-testid="if-expansion">{disassemble(expanded, pc ?? 0n, { aliases: false })}</code> (
            {hexWord(expanded, 4)}):
          </p>
          <FieldDiagram
            row={expandedRow}
            word={expanded}
            caption={`${expandedRow.name}: the ${expandedRow.format} format`}
          />
        </div>
      )}
    </section>
  );
}
