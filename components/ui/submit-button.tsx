'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import { Button } from './button';

/**
 * A submit button that says what is happening while its form is pending; `srOnly` names the
 * object for screen readers when a list holds many such buttons with the same visible label.
 */
export function SubmitButton({
  label,
  pendingLabel,
  srOnly,
}: {
  label: ReactNode;
  pendingLabel: ReactNode;
  srOnly?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending}>
      {pending ? pendingLabel : label}
      {srOnly && <span className="sr-only"> {srOnly}</span>}
    </Button>
  );
}
