import { useRef, useState } from 'react';
import type { FirmwareChoice } from '../src/worker/emulator-api';
import { EXAMPLES } from './app/examples';
import './ProgramPicker.css';

interface Props {
  /** The example shown in the menu (the editor's file when it is one). */
  example: string | null;
  onExample(file: string): void;
  onAssemble(): void;
}

/** Choose the program: an example into the editor (which loads it), and Assemble & load for the editor's text. */
export function ProgramPicker(p: Props) {
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
    </div>
  );
}

/** Load an ELF64 RISC-V executable from a file (the page also takes one dropped on it). */
export function OpenElfButton({ onOpenElf }: { onOpenElf(file: File): void }) {
  return (
    <label className="file-button" title="Load an ELF64 RISC-V executable (or drop one on the page)">
      Open ELF…
      <input
        type="file"
        data-testid="open-elf"
        accept=".elf,application/x-elf,application/octet-stream"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onOpenElf(f);
          e.target.value = '';
        }}
      />
    </label>
  );
}

const FIRMWARE: { kind: Exclude<FirmwareChoice['kind'], 'file'>; label: string }[] = [
  { kind: 'bare', label: 'None (bare metal, M-mode)' },
  { kind: 'monitor', label: 'hartscope monitor (SBI in M-mode)' },
  { kind: 'host', label: 'Host SBI (VM exits)' },
];

/** The firmware under the program: none, hartscope's monitor, SBI served by the host, or an ELF file. */
export function FirmwarePicker({
  firmware,
  onFirmware,
}: {
  firmware: FirmwareChoice['kind'];
  onFirmware(choice: FirmwareChoice): void;
}) {
  const fwInput = useRef<HTMLInputElement>(null);
  const [fwName, setFwName] = useState<string | null>(null);
  const chooseFirmwareFile = async (file: File | undefined) => {
    if (!file) return;
    setFwName(file.name);
    onFirmware({ kind: 'file', name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  };
  return (
    <label className="firmware">
      <span>Firmware</span>
      <select
        aria-label="Firmware"
        value={firmware}
        onChange={(e) => {
          const kind = e.target.value as FirmwareChoice['kind'];
          if (kind === 'file') fwInput.current?.click();
          else onFirmware({ kind } as FirmwareChoice);
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
        data-testid="firmware-file"
        accept=".elf,application/octet-stream"
        onChange={(e) => void chooseFirmwareFile(e.target.files?.[0])}
      />
    </label>
  );
}
