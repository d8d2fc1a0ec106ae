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
      <div className="pane-body">{children}</div>
    </section>
  );
}
