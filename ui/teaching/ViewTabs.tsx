/**
 * The page's view switcher: Debugger, Emulation, Virtualization, Lessons, as a WAI-ARIA tab list (one tab in
 * the Tab order, the arrow keys and Home/End move between tabs and select them). The panel it controls is
 * the page's grid (id `app-views`).
 */
import { useRef, type KeyboardEvent } from 'react';
import type { TeachingTab } from './TeachingArea';

export type ViewTab = 'debugger' | TeachingTab;

export const VIEW_TABS: readonly (readonly [ViewTab, string])[] = [
  ['debugger', 'Debugger'],
  ['emulation', 'Emulation'],
  ['virtualization', 'Virtualization'],
  ['lessons', 'Lessons'],
];

export function ViewTabs({ tab, onTab }: { tab: ViewTab | null; onTab: (t: ViewTab) => void }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    const n = VIEW_TABS.length;
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % n
        : e.key === 'ArrowLeft'
          ? (i + n - 1) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : null;
    if (to === null) return;
    e.preventDefault();
    onTab(VIEW_TABS[to][0]);
    refs.current[to]?.focus();
  };
  const current = tab ?? 'debugger';
  return (
    <div className="app-tabs" role="tablist" aria-label="Views">
      {VIEW_TABS.map(([id, label], i) => (
        <button
          key={id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${id}`}
          aria-selected={tab === id}
          aria-controls="app-views"
          tabIndex={current === id ? 0 : -1}
          onClick={() => onTab(id)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
