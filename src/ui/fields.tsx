// Form fields with their label, hint, inline error and "Set by your organisation" note, all
// tied to the control through aria-describedby so a screen reader reads them with it.
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { S } from './strings';

export interface FieldState {
  /** Why the value cannot be saved; shown next to the field. */
  error?: string | undefined;
  /** Set when enterprise policy fixes the value. */
  locked?: boolean | undefined;
  /** Why the organisation's value for this field was not used. */
  policyIssue?: string | undefined;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => Boolean(id));
  return list.length > 0 ? list.join(' ') : undefined;
}

function Notes({ base, hint, state }: { base: string; hint?: string | undefined; state: FieldState }) {
  return (
    <>
      {hint ? (
        <p class="ag-field__hint" id={`${base}-hint`}>
          {hint}
        </p>
      ) : null}
      {state.locked ? (
        <p class="ag-field__locked" id={`${base}-locked`}>
          <span class="ag-lock" aria-hidden="true" />
          {S.setByOrganisation}
        </p>
      ) : null}
      {state.policyIssue ? (
        <p class="ag-field__policy" id={`${base}-policy`}>
          {state.policyIssue}
        </p>
      ) : null}
      {state.error ? (
        <p class="ag-field__error" id={`${base}-error`}>
          {state.error}
        </p>
      ) : null}
    </>
  );
}

const ariaFor = (base: string, hint: string | undefined, state: FieldState) =>
  describedBy(
    hint && `${base}-hint`,
    state.locked && `${base}-locked`,
    state.policyIssue && `${base}-policy`,
    state.error && `${base}-error`,
  );

export function TextField({
  label,
  hint,
  value,
  onInput,
  type = 'text',
  maxLength,
  multiline = false,
  autoComplete = 'off',
  name,
  ...state
}: FieldState & {
  label: string;
  hint?: string | undefined;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'url' | 'email';
  maxLength?: number;
  multiline?: boolean;
  autoComplete?: string;
  name?: string;
}) {
  const base = useId();
  const common = {
    id: base,
    name,
    value,
    maxLength,
    // Locked fields stay focusable and readable (disabled ones are skipped by many screen readers).
    readOnly: state.locked,
    'aria-readonly': state.locked ? true : undefined,
    'aria-invalid': state.error ? true : undefined,
    'aria-describedby': ariaFor(base, hint, state),
    class: 'ag-field__control',
    autoComplete,
    spellcheck: false,
  } as const;
  return (
    <div class={`ag-field${state.error ? ' ag-field--invalid' : ''}${state.locked ? ' ag-field--locked' : ''}`}>
      <label class="ag-field__label" for={base}>
        {label}
      </label>
      {multiline ? (
        <textarea {...common} rows={3} onInput={(event) => onInput(event.currentTarget.value)} />
      ) : (
        // One of three text-like types; the union is wider than any single input variant's typing.
        <input {...common} type={type as 'text'} onInput={(event) => onInput(event.currentTarget.value)} />
      )}
      <Notes base={base} hint={hint} state={state} />
    </div>
  );
}

/**
 * A locked checkbox or radio stays focusable and readable, as locked text fields do: marked
 * aria-disabled rather than disabled (which takes it out of the Tab order, with its "Set by your
 * organisation" note), and any click (a mouse, Space, the arrow keys in a group) is undone.
 */
const lockedClick = (locked: boolean | undefined) => (locked ? (event: Event) => event.preventDefault() : undefined);

export function CheckboxField({
  label,
  hint,
  checked,
  onChange,
  name,
  unavailable,
  describedBy: also,
  ...state
}: FieldState & {
  label: ComponentChildren;
  hint?: string | undefined;
  checked: boolean;
  onChange: (checked: boolean) => void;
  name?: string;
  /** Cannot be changed now, for a reason said elsewhere (`describedBy`): kept focusable, as a locked one is. */
  unavailable?: boolean | undefined;
  /** An element outside the field that explains it, read with it. */
  describedBy?: string | undefined;
}) {
  const base = useId();
  const inert = state.locked || unavailable;
  return (
    <div class={`ag-field ag-field--check${state.locked ? ' ag-field--locked' : ''}${unavailable ? ' ag-field--unavailable' : ''}`}>
      <input
        id={base}
        name={name}
        type="checkbox"
        class="ag-field__check"
        checked={checked}
        aria-disabled={inert ? true : undefined}
        aria-describedby={describedBy(ariaFor(base, hint, state), also)}
        onClick={lockedClick(inert)}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <label class="ag-field__label" for={base}>
        {label}
      </label>
      <Notes base={base} hint={hint} state={state} />
    </div>
  );
}

export function RadioGroup<T extends string>({
  legend,
  options,
  value,
  onChange,
  name,
  ...state
}: FieldState & {
  legend: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  name: string;
}) {
  const base = useId();
  return (
    <fieldset class={`ag-field ag-fieldset${state.locked ? ' ag-field--locked' : ''}`} aria-describedby={ariaFor(base, undefined, state)}>
      <legend class="ag-field__label">{legend}</legend>
      {options.map((option) => {
        const id = `${base}-${option.value}`;
        return (
          <div class="ag-radio" key={option.value}>
            <input
              id={id}
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              aria-disabled={state.locked ? true : undefined}
              onClick={lockedClick(state.locked)}
              onChange={() => onChange(option.value)}
            />
            <label for={id}>{option.label}</label>
          </div>
        );
      })}
      <Notes base={base} state={state} />
    </fieldset>
  );
}
