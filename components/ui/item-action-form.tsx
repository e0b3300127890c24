import type { ComponentProps, ReactNode } from 'react';
import { SubmitButton } from './submit-button';

/** A form acting on one listed item: the item's ids travel as hidden fields, the button names the item. */
export function ItemActionForm({
  action,
  hidden,
  className,
  children,
  ...button
}: ComponentProps<typeof SubmitButton> & {
  action: (formData: FormData) => void;
  hidden: Record<string, string>;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <form action={action} className={className}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <SubmitButton {...button} />
    </form>
  );
}
