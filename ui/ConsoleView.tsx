import { useEffect, useRef } from 'react';
import './ConsoleView.css';

/** What the guest wrote to its UART, as plain text (React escapes it: guest bytes never become HTML). */
export function ConsoleView({ text }: { text: string }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const pre = ref.current;
    if (pre) pre.scrollTop = pre.scrollHeight;
  }, [text]);
  return (
    <pre ref={ref} className="console" aria-label="Console output" data-testid="console">
      {text}
    </pre>
  );
}
