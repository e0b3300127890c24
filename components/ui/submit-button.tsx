import type { ReactNode } from 'react';
import { Button } from './button';

/**
 * A submit button that says what is happening while pending; `srOnly` names the object for screen
 * readers when a list holds many such buttons with the same visible label.
 */
export function SubmitButton({
  pending,
  label,
  pendingLabel,
  srOnly,
}: {
  pending: boolean;
  label: ReactNode;
  pendingLabel: ReactNode;
  srOnly?: string;
}) {
  return (
    <Button type="submit" disabled={pending}>
      {pending ? pendingLabel : label}
      {srOnly && <span className="sr-only"> {srOnly}</span>}
    </Button>
  );
}
