import type { ReactNode } from 'react';

/** A titled, bordered region of the page's grid; its body scrolls when the content is taller. */
export function Pane({
  title,
  className,
  testId,
  children,
}: {
  title: string;
  className: string;
  testId?: string;
  children: ReactNode;
}) {
  const id = `pane-${className}`;
  return (
    <section className={`pane ${className}`} aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="pane-title">
        {title}
      </h2>
      {/* Focusable so that a keyboard user can scroll a pane whose content is taller than it (WCAG 2.1.1). */}
      <div className="pane-body" tabIndex={0}>
        {children}
      </div>
    </section>
  );
}
