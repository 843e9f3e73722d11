import { useId, useState, type FormEvent } from 'react';
import { FORMULA_MAX_CHARS } from '../../core/expr/parse';
import { checkFormula } from '../../core/scenes/formula';
import { makeScene } from '../../core/scenes';
import { formulaMessage } from '../../url/fields';
import { LIMITS, type LabState } from '../../url/state';
import { useFormat } from '../format';

interface Props {
  state: LabState;
  update: (change: Partial<LabState>) => void;
}

/** "−5, 5, −4, 4" → [−5, 5, −4, 4]; empty → null (the default ±5); anything else → undefined. */
function readDomain(text: string): number[] | null | undefined {
  if (text.trim() === '') return null;
  const parts = text
    .replace(/−/g, '-')
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  const ok =
    (parts.length === 2 || parts.length === 4) &&
    parts.every((x) => Number.isFinite(x) && Math.abs(x) <= LIMITS.start.max) &&
    parts.every((x, i) => i % 2 === 1 || x < parts[i + 1]!);
  return ok ? parts : undefined;
}

/**
 * The own-function scene's formula and domain. Applied on Enter or the button: a formula that does
 * not check (parse, names, length, finite on the domain) is refused with a message pointing at its
 * column, and the scene on the figure stays as it was. The text is only ever read by the lab's own
 * parser (src/core/expr/parse.ts), never run.
 */
export function FormulaField({ state, update }: Props) {
  const { t } = useFormat();
  const fnId = useId();
  const domainId = useId();
  const hintId = useId();
  const [text, setText] = useState(state.formula);
  const [domainText, setDomainText] = useState((state.domain ?? []).join(', '));
  const [error, setError] = useState<string | null>(null);
  const apply = (e?: FormEvent) => {
    e?.preventDefault();
    const domain = readDomain(domainText);
    if (domain === undefined) {
      setError(t('link.domainOrder', { raw: domainText.slice(0, 32) }));
      return;
    }
    const checked = checkFormula(text, domain);
    if (!checked.ok) {
      const m = formulaMessage(checked.error);
      setError(t(`link.${m.key}`, m.values));
      return;
    }
    setError(null);
    // A new formula brings its own learning rates (from its curvature), steps and start.
    const scene = makeScene('formula', { kappa: state.kappa, formula: text, domain });
    update({
      formula: text,
      domain,
      lrs: [...scene.defaultLrs],
      steps: scene.defaultSteps,
      start: null,
    });
  };
  return (
    <form className="field formula-field" onSubmit={apply}>
      <label htmlFor={fnId}>{t('controls.formula')}</label>
      <input
        id={fnId}
        type="text"
        inputMode="text"
        spellCheck={false}
        autoComplete="off"
        maxLength={FORMULA_MAX_CHARS * 2}
        value={text}
        aria-describedby={hintId}
        aria-invalid={error !== null}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <label htmlFor={domainId}>{t('controls.domain')}</label>
      <input
        id={domainId}
        type="text"
        size={14}
        placeholder="-5, 5, -5, 5"
        value={domainText}
        onChange={(e) => setDomainText(e.currentTarget.value)}
      />
      <button type="submit">{t('controls.formulaApply')}</button>
      <span id={hintId} className="field-hint">
        {t('controls.formulaHint')}
      </span>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </form>
  );
}
