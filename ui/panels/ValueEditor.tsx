/**
 * An inline editor for one number (a register or a memory byte): a text field that commits on Enter or
 * blur and cancels on Escape; bad input keeps the field open and shows why, in an alert under it.
 * Props: initial (text to start with), bits (width the value must fit), label (accessible name),
 * onCommit(value as unsigned bigint), onCancel(), validate(value) (why a parsed value is refused, or null).
 */
import { useEffect, useRef, useState } from 'react';
import { parseValue } from '../format';

export interface ValueEditorProps {
  initial: string;
  bits: number;
  label: string;
  onCommit: (value: bigint) => void;
  onCancel: () => void;
  /** How the value is parsed: 'number' (0x.., decimal, negative) or 'hex' (bare hex digits, for bytes). */
  syntax?: 'number' | 'hex';
  size?: number;
  /** Why a well-formed value cannot be taken (the field stays open and shows it), or null. */
  validate?: (value: bigint) => string | null;
}

export function ValueEditor({
  initial,
  bits,
  label,
  onCommit,
  onCancel,
  syntax = 'number',
  size,
  validate,
}: ValueEditorProps) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  function commit() {
    const source = syntax === 'hex' && /^[0-9a-f_]+$/i.test(text.trim()) ? `0x${text.trim()}` : text;
    const parsed = parseValue(source, bits);
    const refused = parsed.ok ? (validate?.(parsed.value) ?? null) : parsed.error;
    if (refused !== null) setError(refused);
    else if (parsed.ok) onCommit(parsed.value);
  }

  return (
    <span className="hs-value-editor">
      <input
        ref={input}
        className="hs-mono"
        aria-label={label}
        aria-invalid={error !== null}
        value={text}
        size={size ?? Math.max(initial.length + 2, 6)}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') commit();
          else if (e.key === 'Escape') onCancel();
        }}
      />
      {error !== null && (
        <span role="alert" className="hs-error-message hs-value-editor-error">
          {error}
        </span>
      )}
    </span>
  );
}
