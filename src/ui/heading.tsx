import type { ComponentChildren } from 'preact';

export type HeadingLevel = 2 | 3 | 4 | 5;

/** A heading whose level fits where the component is placed (popup, options, in-page warning). */
export function Heading({
  level,
  children,
  id,
  class: className,
}: {
  level: HeadingLevel;
  children: ComponentChildren;
  id?: string;
  class?: string;
}) {
  const Tag = `h${level}` as 'h2' | 'h3' | 'h4' | 'h5';
  return (
    <Tag id={id} class={className}>
      {children}
    </Tag>
  );
}
