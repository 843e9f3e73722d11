import { useId, useState } from 'react';
import { useFormat } from '../format';

interface Props {
  label: string;
  value: number;
  min: number;
  max: number;
  integer?: boolean;
  step?: number;
  /** Label for screen readers only, where the column header already says it. */
  hideLabel?: boolean;
  className?: string;
  onCommit: (value: number) => void;
}

/**
 * A numeric field that applies its value on Enter or blur and refuses, with a message, anything
 * outside its limits, so a half-typed number never starts a run.
 */
export function NumberField(props: Props) {
  const {
    label,
    value,
    min,
    max,
    integer = false,
    step,
    hideLabel = false,
    className,
    onCommit,
  } = props;
  const id = useId();
  const { t } = useFormat();
  // A draft belongs to the value it was typed over: if the value changes underneath (the run was
  // removed and another took its row, a slider moved), the draft is dropped rather than applied.
  const [draft, setDraft] = useState<{ text: string; over: number } | null>(null);
  const [rawError, setError] = useState<string | null>(null);
  const text = draft && draft.over === value ? draft.text : null;
  const error = text === null ? null : rawError;
  const setText = (t: string | null) => setDraft(t === null ? null : { text: t, over: value });
  const commit = () => {
    if (text === null) return;
    const x = Number(text);
    if (
      text.trim() === '' ||
      !Number.isFinite(x) ||
      x < min ||
      x > max ||
      (integer && !Number.isInteger(x))
    ) {
      setError(t(integer ? 'field.wholeNumber' : 'field.number', { label, min, max }));
      return;
    }
    setError(null);
    setText(null);
    if (x !== value) onCommit(x);
  };
  return (
    <span className={className ?? 'field'}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step ?? (integer ? 1 : 'any')}
        value={text ?? String(value)}
        aria-invalid={error !== null}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(null);
            setError(null);
          }
        }}
      />
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </span>
  );
}
