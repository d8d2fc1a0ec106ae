import { useState, type DragEvent } from 'react';
import helloElfUrl from '../firmware/examples/hello.elf?url';
import './ProgramPicker.css';

interface Props {
  onLoad(bytes: Uint8Array, name: string): Promise<void>;
  error: string | null;
}

/** Choose the program: a file from disk (picked or dropped on the page), or the bundled example. */
export function ProgramPicker({ onLoad, error }: Props) {
  const [dragging, setDragging] = useState(false);
  /** Reading the file or fetching the example failed (before the machine saw any bytes). */
  const [readError, setReadError] = useState<string | null>(null);

  const load = async (name: string, read: () => Promise<ArrayBuffer>) => {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await read());
    } catch (e) {
      setReadError(`${name}: could not be read (${e instanceof Error ? e.message : String(e)})`);
      return;
    }
    setReadError(null);
    await onLoad(bytes, name);
  };

  const loadFile = async (file: File | undefined) => {
    if (file) await load(file.name, () => file.arrayBuffer());
  };

  const loadExample = () =>
    load('hello.elf', async () => {
      const response = await fetch(helloElfUrl);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.arrayBuffer();
    });

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void loadFile(e.dataTransfer.files[0]);
  };

  return (
    <section
      className={dragging ? 'program-picker dragging' : 'program-picker'}
      aria-label="Program"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label className="file-button">
        Open ELF…
        <input
          type="file"
          accept=".elf,application/x-elf,application/octet-stream"
          onChange={(e) => void loadFile(e.target.files?.[0])}
        />
      </label>
      <button type="button" onClick={() => void loadExample()}>
        Load example: hello.elf
      </button>
      <span className="hint">or drop a RISC-V RV64 ELF file here</span>
      {(readError ?? error) !== null && (
        <p className="load-error" role="alert">
          {readError ?? error}
        </p>
      )}
    </section>
  );
}
