/**
 * The assembly editor: CodeMirror 6 with RISC-V highlighting, the assembler's errors as lint markers,
 * breakpoints in a gutter (click to toggle) and the pc's source line highlighted.
 *
 * Props: value (initial text; later changes come from the user, or a new `docKey` replaces the text),
 * onChange(text), diagnostics, breakpointLines, pcLine, onToggleBreakpoint(line), onCursorLine(line).
 */
import { useEffect, useRef } from 'react';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic as CmDiagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { searchKeymap } from '@codemirror/search';
import { EditorState } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import type { AsmDiagnostic } from '../../src/worker/emulator-api';
import { debuggerGutter, setBreakpointLines, setPcLine } from './editor-state';
import { riscvAsm } from './riscv-language';
import './AsmEditor.css';

export interface AsmEditorProps {
  value: string;
  /** Changing it replaces the editor's text with `value` (a new example was chosen). */
  docKey: string;
  onChange: (text: string) => void;
  diagnostics: readonly AsmDiagnostic[];
  breakpointLines: readonly number[];
  pcLine: number | null;
  onToggleBreakpoint: (line: number) => void;
  onCursorLine?: (line: number) => void;
}

const highlight = HighlightStyle.define([
  { tag: t.comment, color: 'var(--hs-ed-comment)', fontStyle: 'italic' },
  { tag: t.keyword, color: 'var(--hs-ed-directive)' },
  { tag: t.operatorKeyword, color: 'var(--hs-ed-mnemonic)', fontWeight: '600' },
  { tag: t.macroName, color: 'var(--hs-ed-macro)' },
  { tag: t.labelName, color: 'var(--hs-label)', fontWeight: '600' },
  { tag: t.special(t.variableName), color: 'var(--hs-ed-register)' },
  { tag: t.number, color: 'var(--hs-ed-number)' },
  { tag: t.string, color: 'var(--hs-ed-string)' },
  { tag: t.function(t.variableName), color: 'var(--hs-ed-macro)' },
]);

/** Assembler errors as CodeMirror diagnostics: from the column to the end of the token (or line). */
function toCm(state: EditorState, diags: readonly AsmDiagnostic[]): CmDiagnostic[] {
  return diags
    .filter((d) => d.line >= 1 && d.line <= state.doc.lines)
    .map((d) => {
      const line = state.doc.line(d.line);
      const from = Math.min(line.from + Math.max(0, d.column - 1), line.to);
      const rest = line.text.slice(from - line.from);
      const len = /^\S+/.exec(rest)?.[0].length ?? 0;
      return { from, to: len > 0 ? from + len : line.to, severity: 'error', message: d.message };
    });
}

export function AsmEditor(props: AsmEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The latest callbacks, for the editor's listeners (created once).
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    const state = EditorState.create({
      doc: latest.current.value,
      extensions: [
        lineNumbers(),
        debuggerGutter((line) => latest.current.onToggleBreakpoint(line)),
        lintGutter(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        highlightActiveLineGutter(),
        bracketMatching(),
        riscvAsm,
        syntaxHighlighting(highlight),
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ 'aria-label': 'Assembly source', tabindex: '0' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) latest.current.onChange(u.state.doc.toString());
          if (u.selectionSet || u.docChanged)
            latest.current.onCursorLine?.(u.state.doc.lineAt(u.state.selection.main.head).number);
        }),
      ],
    });
    const v = new EditorView({ state, parent: host.current! });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  // A new document (an example chosen): replace the text.
  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.toString() === latest.current.value) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: latest.current.value } });
  }, [props.docKey]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, toCm(v.state, props.diagnostics)));
  }, [props.diagnostics]);

  useEffect(() => {
    view.current?.dispatch({ effects: setBreakpointLines.of(props.breakpointLines) });
  }, [props.breakpointLines]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const effects = [setPcLine.of(props.pcLine)];
    if (props.pcLine !== null && props.pcLine <= v.state.doc.lines) {
      effects.push(EditorView.scrollIntoView(v.state.doc.line(props.pcLine).from, { y: 'nearest' }) as never);
    }
    v.dispatch({ effects });
  }, [props.pcLine]);

  return <div className="hs-editor" ref={host} data-testid="editor" />;
}
