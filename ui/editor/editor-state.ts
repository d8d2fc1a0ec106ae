/**
 * The editor's debugger decorations as CodeMirror state: breakpoint markers in a gutter (a click toggles
 * one), and the line of the instruction at pc. Both are pushed in from React through state effects.
 */
import { RangeSet, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, GutterMarker, gutter, type DecorationSet } from '@codemirror/view';

/** Replace the set of lines (1-based) that carry a breakpoint. */
export const setBreakpointLines = StateEffect.define<readonly number[]>();
/** The line (1-based) of the instruction at pc, or null when pc is not in this file. */
export const setPcLine = StateEffect.define<number | null>();

class BreakpointMarker extends GutterMarker {
  /** `spacer`: the invisible one that sizes the gutter (not a breakpoint). */
  constructor(private readonly spacer = false) {
    super();
  }

  override toDOM(): Node {
    const dot = document.createElement('span');
    dot.className = this.spacer ? 'hs-ed-bp-spacer' : 'hs-ed-bp';
    dot.textContent = '●';
    if (!this.spacer) dot.setAttribute('aria-label', 'breakpoint');
    return dot;
  }
}
const marker = new BreakpointMarker();
const spacer = new BreakpointMarker(true);

const breakpointField = StateField.define<RangeSet<GutterMarker>>({
  create: () => RangeSet.empty,
  update(set, tr) {
    let next = set.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setBreakpointLines)) continue;
      const doc = tr.state.doc;
      const ranges = [...new Set(e.value)]
        .filter((l) => l >= 1 && l <= doc.lines)
        .sort((a, b) => a - b)
        .map((l) => marker.range(doc.line(l).from));
      next = RangeSet.of(ranges);
    }
    return next;
  },
});

const pcLineDecoration = Decoration.line({ class: 'hs-ed-pc', attributes: { 'data-pc-line': 'true' } });

const pcField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setPcLine)) continue;
      const l = e.value;
      next =
        l !== null && l >= 1 && l <= tr.state.doc.lines
          ? Decoration.set([pcLineDecoration.range(tr.state.doc.line(l).from)])
          : Decoration.none;
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** The gutter and fields; `onToggle(line)` is called when the user clicks a line's gutter cell. */
export function debuggerGutter(onToggle: (line: number) => void): Extension {
  return [
    breakpointField,
    pcField,
    gutter({
      class: 'hs-ed-bp-gutter',
      renderEmptyElements: true,
      markers: (view) => view.state.field(breakpointField),
      initialSpacer: () => spacer,
      domEventHandlers: {
        mousedown(view, block) {
          onToggle(view.state.doc.lineAt(block.from).number);
          return true;
        },
      },
    }),
  ];
}
