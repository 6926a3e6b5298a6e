// One settings form: fields, inline errors, policy locks, and a Save that writes every field
// of the form or none of them.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { SettingKey } from '../settings/schema';
import { SettingsValidationError, updateSettings } from '../settings/store';
import { Button, StatusMessage } from '../ui/controls';
import type { FieldState } from '../ui/fields';
import { formatPolicyValue } from '../ui/format';
import { S } from '../ui/strings';
import { draftFrom, patchFromDraft, type Draft, type FieldErrors } from './form';
import type { OptionsData } from './options-data';

export interface FormContext {
  draft: Draft;
  set: <K extends keyof Draft>(key: K, value: Draft[K]) => void;
  field: (key: SettingKey) => FieldState;
}

type Status = { tone: 'success' | 'error'; message: string } | undefined;

export function policyIssueText(data: OptionsData, key: string): string | undefined {
  const issues = data.policyIssues.filter((issue) => issue.key === key);
  if (issues.length === 0) return undefined;
  return issues
    .map((issue) => `${S.policyIssueForField(formatPolicyValue(issue.value), issue.reason)} ${issue.keptPrevious ? S.policyKeptPrevious : S.policyNotApplied}`)
    .join(' ');
}

export function SettingsSection({
  title,
  intro,
  keys,
  data,
  children,
}: {
  title: string;
  intro?: string;
  keys: readonly SettingKey[];
  data: OptionsData;
  children: (context: FormContext) => ComponentChildren;
}) {
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraftState] = useState<Draft>(() => draftFrom(data.values));
  // Save reads the latest keystrokes even if no render happened since (a fast Enter).
  const latest = useRef(draft);
  const setDraft = (next: Draft) => {
    latest.current = next;
    setDraftState(next);
  };
  // The fields the user changed since the form was last saved or loaded. A ref, not state: an
  // effect scheduled before a keystroke may run after it (effects wait for the next frame), and
  // must see the keystroke, not the value of its own render.
  const edited = useRef(new Set<SettingKey>());
  // Keystrokes so far: one made while a save is under way keeps its field edited after it.
  const edits = useRef(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<Status>();
  const [attempt, setAttempt] = useState(0);
  const isLocked = (key: SettingKey) => data.effective[key].lockedBy === 'policy';

  // Follow changes made elsewhere (policy, another window), except in the fields the user is
  // changing: a Save writes every field of the form, and must not put back a stale value.
  useEffect(() => {
    setDraft({ ...draftFrom(data.values), ...Object.fromEntries([...edited.current].map((key) => [key, latest.current[key]])) });
  }, [data.values]);

  // After a failed save, take keyboard focus to the first field that needs correcting.
  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const enforced = draftFrom(data.values);
  const shown: Draft = { ...draft };
  for (const key of keys) if (isLocked(key)) (shown as unknown as Record<string, unknown>)[key] = enforced[key];

  const context: FormContext = {
    draft: shown,
    set: (key, value) => {
      setDraft({ ...latest.current, [key]: value });
      edits.current += 1;
      edited.current.add(key);
      setErrors(({ [key]: _cleared, ...rest }) => rest);
    },
    field: (key) => ({ error: errors[key], locked: isLocked(key), policyIssue: policyIssueText(data, key) }),
  };

  async function save(event: Event) {
    event.preventDefault();
    const result = patchFromDraft(latest.current, keys, isLocked);
    setErrors(result.errors);
    if (Object.keys(result.errors).length > 0) {
      setStatus({ tone: 'error', message: S.notSaved });
      setAttempt((n) => n + 1);
      return;
    }
    const editsBefore = edits.current;
    try {
      await updateSettings(result.patch);
      if (edits.current === editsBefore) edited.current.clear();
      setStatus({ tone: 'success', message: S.saved });
    } catch (error) {
      if (error instanceof SettingsValidationError) {
        setErrors(Object.fromEntries(error.issues.map((issue) => [issue.key, issue.reason])));
        setAttempt((n) => n + 1);
        setStatus({ tone: 'error', message: S.notSaved });
        return;
      }
      // Storage refused the write (full, or the database went away): no field is at fault.
      console.warn('Approach Guard: the settings could not be saved', error);
      setStatus({ tone: 'error', message: S.changeNotSaved });
    }
  }

  const editable = keys.some((key) => !isLocked(key));
  return (
    <section class="ag-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {intro ? <p class="ag-section__intro">{intro}</p> : null}
      <form ref={formRef} noValidate onSubmit={(event) => void save(event)}>
        {children(context)}
        {editable ? (
          <div class="ag-actions">
            <Button type="submit" variant="primary">
              {S.save}
            </Button>
          </div>
        ) : null}
        <StatusMessage message={status?.message} tone={status?.tone} />
      </form>
    </section>
  );
}
