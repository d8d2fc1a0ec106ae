/**
 * The console as a terminal (xterm.js): the guest's UART output with its escape sequences interpreted
 * (colours, cursor movement, clearing), keyboard input sent back to the UART. Guest bytes are drawn as
 * terminal cells, never parsed as HTML. Tab and Shift+Tab leave the terminal (Ctrl+I sends a tab).
 *
 * Props:
 * - registerWrite(sink): called once on mount with a function the parent calls with guest bytes; returns
 *   a function that unregisters it (called on unmount).
 * - onInput?(bytes): what the user typed or pasted, UTF-8 encoded (Enter sends CR, as a terminal does).
 * - scrollback?: lines kept above the screen (default 5000); older lines go.
 * - rows?: the terminal's height in lines (default 16); the width fits the container.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal as XTerm } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import './panel-theme.css';
import './Terminal.css';

export interface TerminalProps {
  registerWrite: (sink: (bytes: Uint8Array) => void) => () => void;
  onInput?: (bytes: Uint8Array) => void;
  scrollback?: number;
  rows?: number;
}

function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

export function Terminal({ registerWrite, onInput, scrollback = 5000, rows = 16 }: TerminalProps) {
  const host = useRef<HTMLDivElement>(null);
  const input = useRef(onInput);
  useEffect(() => {
    input.current = onInput;
  }, [onInput]);

  useEffect(() => {
    const el = host.current!;
    const remPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const term = new XTerm({
      rows,
      scrollback,
      // The host tty's onlcr: a guest that writes "\n" expects the cursor back at column 0, as under QEMU.
      convertEol: true,
      fontFamily: cssVar(el, '--hs-font-mono', 'monospace'),
      fontSize: Math.round(remPx * 0.875),
      theme: {
        background: cssVar(el, '--hs-term-bg', '#1d1f23'),
        foreground: cssVar(el, '--hs-term-fg', '#e6e6e6'),
        cursor: cssVar(el, '--hs-term-cursor', '#f0c674'),
      },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    const refit = () => {
      const dims = fit.proposeDimensions();
      if (dims && dims.cols > 0) term.resize(dims.cols, rows);
    };
    refit();
    const resize = new ResizeObserver(refit);
    resize.observe(el);
    // Tab moves focus on, as everywhere on the page, instead of going to the guest: a terminal that kept
    // Tab would be a keyboard trap (WCAG 2.1.2). Ctrl+I still types a tab character for the guest.
    term.attachCustomKeyEventHandler((e) => !(e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey));
    const encoder = new TextEncoder();
    const data = term.onData((text) => input.current?.(encoder.encode(text)));
    const unregister = registerWrite((bytes) => term.write(bytes));
    return () => {
      unregister();
      data.dispose();
      resize.disconnect();
      term.dispose();
    };
    // The terminal is made once; registerWrite, rows and scrollback are read at mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="hs-panel hs-terminal" role="group" aria-label="Console (UART)">
      <div ref={host} className="hs-terminal-host" data-testid="terminal" />
    </div>
  );
}
