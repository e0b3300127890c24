import type { SelectHTMLAttributes } from 'react';
import { errorProps, Field, inputClass, type LabelledControl } from './field';

/**
 * A Field holding a select over plain string options, each shown as itself.
 * `anyOption` adds a first option with the empty value (e.g. "any kind" in a filter).
 * Works controlled (`value` + `onChange`) or uncontrolled (`defaultValue`, e.g. in a GET form).
 */
export function SelectField({
  id,
  label,
  options,
  errors,
  anyOption,
  className = '',
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> &
  LabelledControl & { options: readonly string[]; anyOption?: string }) {
  return (
    <Field id={id} label={label} errors={errors}>
      <select id={id} className={`${inputClass} ${className}`} {...errorProps(id, errors)} {...select}>
        {anyOption !== undefined && <option value="">{anyOption}</option>}
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </Field>
  );
}
