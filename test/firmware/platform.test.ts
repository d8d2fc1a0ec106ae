import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as map from '../../emulator/board/memory-map';
import { MONITOR_DIR } from './boot';

/** The monitor's .equ constants (numbers only), as written in platform.S. */
function platformConstants(): Map<string, number> {
  const text = readFileSync(join(MONITOR_DIR, 'platform.S'), 'utf8');
  const found = new Map<string, number>();
  for (const m of text.matchAll(/^\s*\.equ\s+(\w+),\s*(0x[0-9a-fA-F]+|\d+)\s*(#.*)?$/gm)) {
    found.set(m[1], Number(m[2]));
  }
  return found;
}

describe("the monitor's addresses are the board's (CONVENTIONS: the assembly and TypeScript cannot drift)", () => {
  it('platform.S names the same addresses as emulator/board/memory-map.ts', () => {
    const c = platformConstants();
    expect(c.get('RAM_BASE')).toBe(map.RAM_BASE);
    expect(c.get('PAYLOAD_BASE')).toBe(map.PAYLOAD_BASE);
    expect(c.get('UART_BASE')).toBe(map.UART0_BASE);
    expect(c.get('CLINT_BASE')).toBe(map.CLINT_BASE);
    expect(c.get('FINISHER_BASE')).toBe(map.TEST_FINISHER_BASE);
  });
});
