/**
 * The trap log: one row per trap the hart took, newest last (the view follows the newest unless the user
 * has scrolled up), at most `limit` rows. Each row: step count, interrupt or exception, cause name, from
 * mode -> to mode, epc, tval, handler. A VM exit (an SBI call the host served, the way KVM serves one)
 * is marked as such, with the SBI call's name, and goes to "host" instead of a mode. A trap return (mret,
 * sret) has a quieter row of its own: its pc, the mode it leaves and the one it returns to, and where it
 * returns to in the handler column. Clicking a row (or Enter on it) calls onJump(epc, fromPriv): the epc is an
 * address in the mode the trap was taken from, which the disassembly must fetch it as.
 *
 * Props:
 * - events: TrapLogEntry[] (the worker's TrapEvent, plus sbi {eid, fid} for VM exits when known).
 * - onJump?(epc, fromPriv).
 * - limit?: rows kept (default 500; the oldest go, and a line says how many).
 * - dropped?: how many older events the source itself dropped (added to the "older traps" note).
 */
import { useEffect, useRef } from 'react';
import type { PrivilegeLevel } from '../../src/worker/emulator-api';
import { hexGrouped } from '../format';
import { causeName } from './csr-fields';
import { sbiCallName } from './sbi-names';
import './panel-theme.css';
import './TrapLog.css';

export interface TrapLogEntry {
  interrupt: boolean;
  delegated?: boolean;
  vmExit?: boolean;
  cause: number;
  fromPriv: number;
  toPriv: number;
  epc: bigint;
  tval: bigint;
  handler: bigint;
  instret: bigint;
  /** For a VM exit: the SBI extension (a7) and function (a6) IDs. */
  sbi?: { eid: number; fid: number };
  /** A trap return, not a trap: epc is the xRET's pc, handler where it returned to. */
  xret?: 'mret' | 'sret';
}

export interface TrapLogProps {
  events: readonly TrapLogEntry[];
  onJump?: (epc: bigint, fromPriv: PrivilegeLevel) => void;
  limit?: number;
  dropped?: number;
}

const MODE = ['U', 'S', 'reserved', 'M'];
const modeLetter = (p: number) => MODE[p] ?? `${p}`;

/**
 * A trap return (mret, sret): the row of the instruction that ends a handler, in the same columns, with
 * the mode it left and the one it went back to, its own pc in "epc" and where it returned to in "handler".
 */
function ReturnRow(props: { t: TrapLogEntry; xret: 'mret' | 'sret'; jump: () => void }) {
  const { t, xret, jump } = props;
  return (
    <tr
      className="hs-trap-row hs-trap-return"
      tabIndex={0}
      aria-label={`return: ${xret} at 0x${t.epc.toString(16)} to 0x${t.handler.toString(16)}`}
      onClick={jump}
      onKeyDown={(e) => e.key === 'Enter' && jump()}
    >
      <td className="hs-trap-step">{t.instret.toString()}</td>
      <td className="hs-trap-kind hs-trap-kind-ret">return</td>
      <td className="hs-trap-cause">{xret}</td>
      <td className="hs-trap-mode">
        {modeLetter(t.fromPriv)} → {modeLetter(t.toPriv)}
      </td>
      <td>{hexGrouped(t.epc, 16)}</td>
      <td />
      <td title="returned to">{hexGrouped(t.handler, 16)}</td>
    </tr>
  );
}

export function TrapLog({ events, onJump, limit = 500, dropped = 0 }: TrapLogProps) {
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const shown = events.length > limit ? events.slice(events.length - limit) : events;
  const older = dropped + events.length - shown.length;

  useEffect(() => {
    const el = box.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [events]);

  return (
    <div className="hs-panel hs-trap-log" role="group" aria-label="Trap log">
      <div
        ref={box}
        className="hs-trap-scroll"
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
        }}
      >
        <table className="hs-trap-table hs-mono">
          <thead>
            <tr>
              <th scope="col">step</th>
              <th scope="col">kind</th>
              <th scope="col">cause</th>
              <th scope="col">mode</th>
              <th scope="col">epc</th>
              <th scope="col">tval</th>
              <th scope="col">handler</th>
            </tr>
          </thead>
          <tbody>
            {older > 0 && (
              <tr className="hs-trap-older">
                <td colSpan={7}>{older} older traps not shown</td>
              </tr>
            )}
            {shown.length === 0 && (
              <tr className="hs-trap-older">
                <td colSpan={7}>no traps yet</td>
              </tr>
            )}
            {shown.map((t, i) => {
              const jump = () => onJump?.(t.epc, t.fromPriv as PrivilegeLevel);
              if (t.xret) return <ReturnRow key={`${t.instret}-${i}`} t={t} xret={t.xret} jump={jump} />;
              const name = causeName(t.interrupt, t.cause);
              const kind = t.vmExit ? 'VM exit' : t.interrupt ? 'interrupt' : 'exception';
              return (
                <tr
                  key={`${t.instret}-${i}`}
                  className={t.vmExit ? 'hs-trap-row hs-trap-vmexit' : 'hs-trap-row'}
                  tabIndex={0}
                  aria-label={`${kind}: ${name} at 0x${t.epc.toString(16)}`}
                  onClick={jump}
                  onKeyDown={(e) => e.key === 'Enter' && jump()}
                >
                  <td className="hs-trap-step">{t.instret.toString()}</td>
                  <td
                    className={`hs-trap-kind hs-trap-kind-${t.vmExit ? 'vm' : t.interrupt ? 'int' : 'exc'}`}
                  >
                    {kind}
                  </td>
                  <td className="hs-trap-cause">
                    {name}
                    {t.vmExit && t.sbi && (
                      <span className="hs-trap-sbi"> SBI {sbiCallName(t.sbi.eid, t.sbi.fid)}</span>
                    )}
                  </td>
                  <td className="hs-trap-mode">
                    {modeLetter(t.fromPriv)} → {t.vmExit ? 'host' : modeLetter(t.toPriv)}
                  </td>
                  <td>{hexGrouped(t.epc, 16)}</td>
                  <td>{hexGrouped(t.tval, 16)}</td>
                  <td>{t.vmExit ? '(host)' : hexGrouped(t.handler, 16)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
