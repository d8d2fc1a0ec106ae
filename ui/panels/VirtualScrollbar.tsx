/**
 * A vertical scrollbar for a window over a space too large for the browser's own scrolling (2^64 bytes is
 * far more rows than any element can be tall). Props: fraction (0..1, where the window is), thumb (0..1,
 * the window's share of the space, drawn at least a minimum size), onSeek(fraction) while the user clicks
 * or drags, label (accessible name).
 */
import { useRef } from 'react';

export interface VirtualScrollbarProps {
  fraction: number;
  thumb: number;
  onSeek: (fraction: number) => void;
  label: string;
}

export function VirtualScrollbar({ fraction, thumb, onSeek, label }: VirtualScrollbarProps) {
  const track = useRef<HTMLDivElement>(null);
  const thumbShare = Math.min(1, Math.max(thumb, 0.04));
  const seek = (clientY: number) => {
    const rect = track.current?.getBoundingClientRect();
    if (!rect || rect.height === 0) return;
    const usable = rect.height * (1 - thumbShare);
    onSeek(usable <= 0 ? 0 : (clientY - rect.top - (rect.height * thumbShare) / 2) / usable);
  };
  return (
    <div
      ref={track}
      className="hs-vscroll"
      role="scrollbar"
      aria-label={label}
      aria-orientation="vertical"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(fraction * 100)}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        seek(e.clientY);
      }}
      onPointerMove={(e) => e.buttons !== 0 && seek(e.clientY)}
    >
      <div
        className="hs-vscroll-thumb"
        style={{ top: `${fraction * (1 - thumbShare) * 100}%`, height: `${thumbShare * 100}%` }}
      />
    </div>
  );
}
