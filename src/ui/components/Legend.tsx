import { TRAINING_WIDTH, VALIDATION_STYLE, type Frame } from '../runInputs';
import { hasValidation, legendItems } from '../figure/legendItems';
import { useFormat } from '../format';
import { useVerdictColors } from '../palette';

/** A short sample of a line as the charts draw it. */
export function LineSample({
  color,
  dash,
  validation = false,
}: {
  color: string;
  dash: string;
  validation?: boolean;
}) {
  return (
    <svg width={34} height={12} viewBox="0 0 34 12" aria-hidden="true" style={{ flex: 'none' }}>
      <line
        x1={2}
        x2={32}
        y1={6}
        y2={6}
        stroke={color}
        strokeWidth={validation ? VALIDATION_STYLE.width : TRAINING_WIDTH + 0.6}
        strokeDasharray={(validation ? VALIDATION_STYLE.dash : dash) || undefined}
        strokeLinecap={validation ? VALIDATION_STYLE.linecap : undefined}
        opacity={validation ? VALIDATION_STYLE.opacity : 1}
      />
    </svg>
  );
}

const row = { display: 'inline-flex', alignItems: 'center', gap: '0.35em' } as const;

/**
 * Which line is which, above the two views: one entry per run with a sample of its line (colour
 * and dash), its η and, once the verdicts may be known, its verdict in words; for data scenes also
 * which line style is the training set and which the validation set. Concealed (predict, then
 * reveal): η only, in the rows' neutral colours.
 */
export function Legend({ frame }: { frame: Frame | undefined }) {
  const { t, lang } = useFormat();
  const colors = useVerdictColors();
  const items = legendItems(frame, t, lang, colors);
  if (items.length === 0) return null;
  return (
    <ul
      className="legend"
      data-testid="legend"
      aria-label={t('legend.label')}
      style={{
        listStyle: 'none',
        margin: 0,
        padding: 0,
        display: 'flex',
        flexWrap: 'wrap',
        gap: '0.3em 1.2em',
        alignItems: 'center',
      }}
    >
      {items.map((it) => (
        <li key={it.row} data-legend-run={it.row} style={row}>
          <LineSample color={it.color} dash={it.dash} />
          {/* The sample carries the run's colour; the words stay dark enough to read (WCAG 4.5:1). */}
          <span style={{ fontWeight: 600 }}>{it.eta}</span>
          {it.verdict && <span>{it.verdict}</span>}
        </li>
      ))}
      {hasValidation(frame) && (
        <>
          <li data-legend-key="training" style={row}>
            <LineSample color="#555" dash="" />
            <span>{t('legend.training')}</span>
          </li>
          <li data-legend-key="validation" style={row}>
            <LineSample color="#555" dash="" validation />
            <span>{t('legend.validation')}</span>
          </li>
        </>
      )}
    </ul>
  );
}
