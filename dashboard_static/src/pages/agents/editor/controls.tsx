/** The agent form's controls: each labelled (through Field), named by its API path (`questions.0.key`, so a
 * refusal finds it), showing the API's message for that path. A viewer's form disables them all at once. */
import type { ReactNode } from "react";
import { Field } from "../../../components/Field";
import { useEditor } from "./context";

type Common = { path: string; label: ReactNode; hint?: ReactNode; className?: string };

export function TextInput({
  path,
  label,
  hint,
  className,
  value,
  onChange,
  maxLength,
  placeholder,
  list,
}: Common & { value: string; onChange: (value: string) => void; maxLength?: number; placeholder?: string; list?: string }) {
  const { errorFor } = useEditor();
  return (
    <Field label={label} hint={hint} error={errorFor(path)} className={className}>
      {(id) => (
        <input
          id={id}
          name={path}
          value={value}
          maxLength={maxLength}
          placeholder={placeholder}
          list={list}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export function TextArea({
  path,
  label,
  hint,
  className,
  value,
  onChange,
  maxLength,
  rows = 3,
}: Common & { value: string; onChange: (value: string) => void; maxLength?: number; rows?: number }) {
  const { errorFor } = useEditor();
  return (
    <Field label={label} hint={hint} error={errorFor(path)} className={className}>
      {(id) => (
        <textarea
          id={id}
          name={path}
          value={value}
          rows={rows}
          maxLength={maxLength}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export function Select<T extends string>({
  path,
  label,
  hint,
  className,
  value,
  options,
  onChange,
}: Common & { value: T; options: [T, string][]; onChange: (value: T) => void }) {
  const { errorFor } = useEditor();
  return (
    <Field label={label} hint={hint} error={errorFor(path)} className={className}>
      {(id) => (
        <select id={id} name={path} value={value} onChange={(event) => onChange(event.target.value as T)}>
          {options.map(([option, text]) => (
            <option key={option} value={option}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function NumberInput({
  path,
  label,
  hint,
  className,
  value,
  min,
  max,
  onChange,
}: Common & { value: number; min: number; max: number; onChange: (value: number) => void }) {
  const { errorFor } = useEditor();
  return (
    <Field label={label} hint={hint} error={errorFor(path)} className={className}>
      {(id) => (
        <input
          id={id}
          name={path}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          value={Number.isFinite(value) ? value : ""}
          onChange={(event) => onChange(event.target.valueAsNumber)}
        />
      )}
    </Field>
  );
}

/** A checkbox with its label after it; the error and hint below, as for every other control. */
export function Checkbox({
  path,
  label,
  hint,
  checked,
  disabled,
  onChange,
}: Common & { checked: boolean; disabled?: boolean; onChange: (checked: boolean) => void }) {
  const { errorFor } = useEditor();
  const error = errorFor(path);
  return (
    <Field label={label} hint={hint} error={error} className="checkbox-field">
      {(id) => (
        <input
          id={id}
          name={path}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
        />
      )}
    </Field>
  );
}
