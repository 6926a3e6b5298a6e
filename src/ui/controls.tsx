// Buttons, links and live regions with the accessible names and behaviour every view needs.
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { S } from './strings';
import { safeHttpsUrl } from './links';

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'class' | 'type'> & {
  variant?: 'primary' | 'secondary' | 'quiet' | 'danger';
  type?: 'button' | 'submit';
  children: ComponentChildren;
};

export function Button({ variant = 'secondary', type = 'button', children, ...rest }: ButtonProps) {
  return (
    <button {...rest} type={type} class={`ag-button ag-button--${variant}`}>
      {children}
    </button>
  );
}

/**
 * A link that opens in a new tab, says so to screen readers, and never sends the referrer.
 * Only https URLs are rendered as links; anything else is shown as plain text.
 */
export function ExternalLink({
  href,
  children,
  class: className,
  onClick,
}: {
  href: string;
  children: ComponentChildren;
  class?: string;
  onClick?: () => void;
}) {
  const safe = safeHttpsUrl(href);
  if (!safe) return <span class={className}>{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer" class={className ?? 'ag-link'} onClick={onClick}>
      {children}
      <span class="ag-visually-hidden"> {S.opensInNewTab}</span>
    </a>
  );
}

/**
 * A polite live region. It is always in the DOM, even when empty, because screen readers
 * announce changes only to regions that already existed.
 */
export function StatusMessage({
  message,
  tone = 'info',
  id,
}: {
  message: string | undefined;
  tone?: 'info' | 'success' | 'error';
  id?: string;
}) {
  return (
    <p id={id} class={`ag-status ag-status--${tone}`} role="status" aria-live="polite" aria-atomic="true">
      {message ?? ''}
    </p>
  );
}

/** An error that needs attention now (role="alert" is announced at once). */
export function ErrorMessage({ message, id }: { message: string | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p id={id} class="ag-status ag-status--error" role="alert">
      {message}
    </p>
  );
}

export function VisuallyHidden({ children }: { children: ComponentChildren }) {
  return <span class="ag-visually-hidden">{children}</span>;
}
