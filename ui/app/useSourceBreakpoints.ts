import { useEffect, useMemo, useState } from 'react';
import type { LoadedProgram } from '../useEmulator';

/**
 * The debugger's breakpoints: lines of the editor's file (the gutter) and addresses (the disassembly), kept
 * in the worker as one set of addresses. Also maps the editor's lines to addresses and back, for the pc's
 * line, Run to cursor and toggling a line's breakpoint from its address.
 */
export function useSourceBreakpoints(
  program: LoadedProgram | null,
  file: string,
  setBreakpoints: (addresses: bigint[]) => void,
  /** A new worker (after a restart) gets the breakpoints again. */
  generation: number,
) {
  const [lineBreakpoints, setLineBreakpoints] = useState<number[]>([]);
  const [addressBreakpoints, setAddressBreakpoints] = useState<bigint[]>([]);

  // Source lines of the editor's file: line -> first address, address -> line.
  const lineMap = useMemo(() => {
    const toAddress = new Map<number, bigint>();
    const toLine = new Map<bigint, number>();
    for (const l of program?.sourceLines ?? []) {
      if (l.file !== file) continue;
      if (!toAddress.has(l.line)) toAddress.set(l.line, l.address);
      toLine.set(l.address, l.line);
    }
    return { toAddress, toLine };
  }, [program, file]);

  const breakpoints = useMemo(() => {
    const all = new Set(addressBreakpoints);
    for (const line of lineBreakpoints) {
      const a = lineMap.toAddress.get(line);
      if (a !== undefined) all.add(a);
    }
    return [...all];
  }, [addressBreakpoints, lineBreakpoints, lineMap]);
  useEffect(() => setBreakpoints(breakpoints), [breakpoints, setBreakpoints, generation]);

  const toggleLine = (line: number) =>
    setLineBreakpoints((ls) => (ls.includes(line) ? ls.filter((l) => l !== line) : [...ls, line]));
  const toggleAddress = (a: bigint) => {
    const line = lineMap.toLine.get(a);
    if (line !== undefined && lineBreakpoints.includes(line)) return toggleLine(line);
    setAddressBreakpoints((as) => (as.includes(a) ? as.filter((x) => x !== a) : [...as, a]));
  };

  return {
    lineMap,
    breakpoints,
    lineBreakpoints,
    setLineBreakpoints,
    addressBreakpoints,
    setAddressBreakpoints,
    toggleLine,
    toggleAddress,
  };
}
