/**
 * The page's settings, kept in localStorage: light or dark theme, and the UI scale. The scale is the root
 * font size (every size in the stylesheets is in rem), so text and lines are drawn at the new size by
 * the browser rather than a bitmap being magnified: sharp on projectors and HiDPI screens.
 */
import { useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';
export const SCALES = [0.875, 1, 1.125, 1.25, 1.5, 1.75, 2] as const;

const THEME_KEY = 'hartscope.theme';
const SCALE_KEY = 'hartscope.scale';
/** The browser's own default root font size, which scale 1 keeps. */
const BASE_PX = 16;

function stored<T>(key: string, parse: (s: string) => T | undefined, fallback: T): T {
  try {
    const s = localStorage.getItem(key);
    return (s !== null ? parse(s) : undefined) ?? fallback;
  } catch {
    return fallback; // storage may be unavailable (privacy settings): the defaults then
  }
}

function save(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // not persisted; the setting still applies to this page
  }
}

function preferredTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

export function useSettings() {
  const [theme, setTheme] = useState<Theme>(() =>
    stored<Theme>(THEME_KEY, (s) => (s === 'dark' || s === 'light' ? s : undefined), preferredTheme()),
  );
  const [scale, setScale] = useState<number>(() =>
    stored(SCALE_KEY, (s) => SCALES.find((x) => String(x) === s), 1),
  );

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
    save(THEME_KEY, theme);
  }, [theme]);

  useEffect(() => {
    document.documentElement.style.fontSize = `${BASE_PX * scale}px`;
    save(SCALE_KEY, String(scale));
  }, [scale]);

  return { theme, setTheme, scale, setScale };
}

const EDITOR_KEY = 'hartscope.editor';

/** The editor's text as last saved (null when nothing was). */
export function loadEditorText(): { text: string; file: string } | null {
  return stored(
    EDITOR_KEY,
    (s) => {
      const v = JSON.parse(s) as unknown;
      if (typeof v !== 'object' || v === null) return undefined;
      const { text, file } = v as { text?: unknown; file?: unknown };
      return typeof text === 'string' && typeof file === 'string' ? { text, file } : undefined;
    },
    null,
  );
}

export function saveEditorText(text: string, file: string): void {
  save(EDITOR_KEY, JSON.stringify({ text, file }));
}
