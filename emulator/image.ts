/**
 * A program image: what the assembler produces and what the ELF loader produces, the one thing a Machine
 * loads. Addresses are physical (the board has RAM at 0x8000_0000).
 */
export interface Segment {
  /** Physical load address. */
  address: number;
  /** Bytes to copy; the segment's memory size may be larger (the rest is zero, like .bss). */
  data: Uint8Array;
  memSize: number;
  flags: { read: boolean; write: boolean; execute: boolean };
}

export interface ImageSymbol {
  name: string;
  address: number;
  size: number;
  kind: 'function' | 'object' | 'label';
}

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface ProgramImage {
  /** Where execution starts. */
  entry: number;
  segments: Segment[];
  symbols: ImageSymbol[];
  /** Emitted address -> where in the source it came from (empty for ELF files without debug info). */
  sourceMap: Map<number, SourceLocation>;
}
