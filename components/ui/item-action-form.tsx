import type { ComponentProps, ReactNode } from 'react';
import { SubmitButton } from './submit-button';

/** A form acting on one listed item: the item's id travels as a hidden field, the button names the item. */
export function ItemActionForm({
  action,
  idName,
  idValue,
  className,
  children,
  ...button
}: ComponentProps<typeof SubmitButton> & {
  action: (formData: FormData) => void;
  idName: string;
  idValue: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <form action={action} className={className}>
      <input type="hidden" name={idName} value={idValue} />
      {children}
      <SubmitButton {...button} />
    </form>
  );
}
