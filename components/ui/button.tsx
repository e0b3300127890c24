import type { ButtonHTMLAttributes } from 'react';

const variants = {
  primary:
    'bg-zinc-900 text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300',
  secondary: 'border border-zinc-300 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800',
  danger: 'bg-red-800 text-white hover:bg-red-700 dark:bg-red-300 dark:text-red-950 dark:hover:bg-red-200',
} as const;

export type ButtonVariant = keyof typeof variants;

/** The button look, for a link that acts as a button (e.g. a "Clear" link beside a filter form's submit). */
export function buttonClass(variant: ButtonVariant = 'secondary'): string {
  return `inline-block rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60 ${variants[variant]}`;
}

/** The app's one button; `type` defaults to "button" so a button inside a form submits only when it says so. */
export function Button({
  variant = 'secondary',
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return <button type={type} className={`${buttonClass(variant)} ${className}`} {...props} />;
}
