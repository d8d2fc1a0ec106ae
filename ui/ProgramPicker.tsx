import { useRef, useState } from 'react';
import type { FirmwareChoice } from '../src/worker/emulator-api';
import { EXAMPLES } from './app/examples';
import './ProgramPicker.css';

interface Props {
  /** The example shown in the menu (the editor's file when it is one). */
  example: string | null;
  onExample(file: string): void;
  onAssemble(): void;
  onOpenElf(file: File): void;
  firmware: FirmwareChoice['kind'];
  onFirmware(choice: FirmwareChoice): void;
}

const FIRMWARE: { kind: Exclude<FirmwareChoice['kind'], 'file'>; label: string }[] = [
  { kind: 'bare', label: 'None (bare metal, M-mode)' },
  { kind: 'monitor', label: 'hartscope monitor (SBI in M-mode)' },
  { kind: 'host', label: 'Host SBI (VM exits)' },
];

/** Choose the program (an example into the editor, or an ELF file) and the firmware under it. */
export function ProgramPicker(p: Props) {
  const fwInput = useRef<HTMLInputElement>(null);
  const [fwName, setFwName] = useState<string | null>(null);
  const chooseFirmwareFile = async (file: File | undefined) => {
    if (!file) return;
    setFwName(file.name);
    p.onFirmware({ kind: 'file', name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  };
  return (
    <div className="program-picker" role="group" aria-label="Program">
      <label>
        <span className="sr-only">Example</span>
        <select
          aria-label="Example"
          value={p.example ?? ''}
          onChange={(e) => e.target.value && p.onExample(e.target.value)}
        >
          <option value="">Examples…</option>
          {EXAMPLES.map((x) => (
            <option key={x.file} value={x.file}>
              {x.file}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="primary"
        onClick={p.onAssemble}
        title="Assemble the editor's text and load it"
      >
        Assemble &amp; load
      </button>
      <label className="file-button" title="Load an ELF64 RISC-V executable (or drop one on the page)">
        Open ELF…
        <input
          type="file"
          data-testid="open-elf"
          accept=".elf,application/x-elf,application/octet-stream"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) p.onOpenElf(f);
            e.target.value = '';
          }}
        />
      </label>
      <label className="firmware">
        <span>Firmware</span>
        <select
          aria-label="Firmware"
          value={p.firmware}
          onChange={(e) => {
            const kind = e.target.value as FirmwareChoice['kind'];
            if (kind === 'file') fwInput.current?.click();
            else p.onFirmware({ kind } as FirmwareChoice);
          }}
        >
          {FIRMWARE.map((f) => (
            <option key={f.kind} value={f.kind}>
              {f.label}
            </option>
          ))}
          <option value="file">{fwName ? `File: ${fwName}` : 'Firmware ELF file…'}</option>
        </select>
        <input
          ref={fwInput}
          type="file"
          hidden
          accept=".elf,application/octet-stream"
          onChange={(e) => void chooseFirmwareFile(e.target.files?.[0])}
        />
      </label>
    </div>
  );
}
