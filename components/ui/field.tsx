import type { InputHTMLAttributes, ReactNode } from 'react';

export const inputClass =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950';

/** The aria wiring that ties a control to its error line. */
export function errorProps(id: string, errors: string[] | undefined) {
  return {
    'aria-invalid': errors ? true : undefined,
    'aria-describedby': errors ? `${id}-error` : undefined,
  } as const;
}

/** A labelled control with the action's errors for it beneath (the `errors` of the action's state). */
export function Field({
  id,
  label,
  errors,
  children,
}: {
  id: string;
  label: ReactNode;
  errors: string[] | undefined;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children}
      {errors && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-800 dark:text-red-300">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}

/** What every labelled control takes: its id, its label, and the action's errors for it. */
export type LabelledControl = { id: string; label: ReactNode; errors?: string[] };

/**
 * A Field holding a text input: the common case. Its errors are given, or read
 * from the action's state under the input's own name.
 */
export function TextField({
  id,
  label,
  errors: given,
  state,
  className = '',
  ...input
}: InputHTMLAttributes<HTMLInputElement> &
  LabelledControl & { state?: { errors?: Record<string, string[] | undefined> } }) {
  const errors = given ?? (input.name ? state?.errors?.[input.name] : undefined);
  return (
    <Field id={id} label={label} errors={errors}>
      <input id={id} className={`${inputClass} ${className}`} {...errorProps(id, errors)} {...input} />
    </Field>
  );
}
