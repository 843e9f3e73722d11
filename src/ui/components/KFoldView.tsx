import { useMemo } from 'react';
import { lossChartLayout } from '../../charts/lossChart';
import type { KFoldResult } from '../../train/experiment';
import { useFormat } from '../format';
import { Axes } from './Axes';

const W = 560;
const H = 300;
/** One colour per learning rate (the runs' verdict colours belong to fold 0's runs only). */
const LR_COLORS = [
  '#1f5fbf',
  '#d62728',
  '#2a9d3a',
  '#d4a500',
  '#7b3fa0',
  '#e07b00',
  '#0f8a8a',
  '#555',
];

/**
 * k-fold cross-validation: which rows each fold holds out, every fold's validation curve per
 * learning rate with the mean ± one standard deviation band, and the mean best validation loss per
 * learning rate, the lowest of which k-fold picks.
 */
export function KFoldView({
  kfold,
  lrs,
  steps,
  cursor,
  onUse,
}: {
  kfold: KFoldResult;
  lrs: readonly number[];
  steps: number;
  cursor: number;
  onUse: (lr: number) => void;
}) {
  const { k, val, mean, sd, pick } = kfold;
  const f = useFormat();
  const { t } = f;
  const layout = useMemo(() => {
    const runs = val.flatMap((folds, j) =>
      folds.map((v, i) => ({
        id: `fold-${j}-${i}`,
        color: LR_COLORS[j % LR_COLORS.length]!,
        dash: '',
        losses: v,
        path: [],
      })),
    );
    const bands = val.map((folds, j) => {
      const n = Math.min(...folds.map((v) => v.length));
      const lower = new Float64Array(n);
      const upper = new Float64Array(n);
      for (let t = 0; t < n; t++) {
        const xs = folds.map((v) => v[t]!);
        const m = xs.reduce((a, c) => a + c, 0) / k;
        const s = Math.sqrt(xs.reduce((a, c) => a + (c - m) ** 2, 0) / Math.max(1, k - 1));
        lower[t] = m - s;
        upper[t] = m + s;
      }
      return { id: `band-${j}`, color: LR_COLORS[j % LR_COLORS.length]!, lower, upper };
    });
    return lossChartLayout({ width: W, height: H, steps, runs, bands, cursor });
  }, [val, k, steps, cursor]);
  const { plot } = layout;
  return (
    <section className="kfold" aria-label={t('kfold.label')} data-testid="kfold">
      <h2>{t('kfold.heading', { k })}</h2>
      <svg viewBox={`0 0 ${W} ${12 * k + 4}`} role="img" aria-label={t('kfold.folds', { k })}>
        {Array.from({ length: k }, (_, i) =>
          Array.from({ length: k }, (_, c) => (
            <rect
              key={`${i}-${c}`}
              x={60 + (c * (W - 70)) / k}
              y={2 + 12 * i}
              width={(W - 70) / k - 2}
              height={10}
              fill={c === i ? '#d4a500' : '#c9d6e6'}
              data-held-out={c === i || undefined}
            />
          )),
        )}
        {Array.from({ length: k }, (_, i) => (
          <text key={i} x={0} y={11 + 12 * i} fontSize={10}>
            {t('kfold.fold', { n: i + 1 })}
          </text>
        ))}
      </svg>
      <p className="said">{t('kfold.note', { sizes: kfold.foldSizes.join(', ') })}</p>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={t('kfold.chart')}
        data-testid="kfold-chart"
      >
        <Axes
          plot={plot}
          xTicks={layout.xTicks}
          yTicks={layout.yTicks}
          xLabel={t('axis.step')}
          yLabel={t('kfold.valLoss')}
        />
        {layout.bands.map((b) => (
          <path key={b.id} data-band={b.id} d={b.d} fill={b.color} opacity={0.15} stroke="none" />
        ))}
        {layout.lines.map((l) => (
          <path
            key={l.id}
            data-fold={l.id}
            d={l.d}
            fill="none"
            stroke={l.color}
            strokeWidth={1.2}
            opacity={0.8}
          />
        ))}
      </svg>
      <table>
        <thead>
          <tr>
            <th scope="col">η</th>
            <th scope="col">{t('kfold.mean', { k })}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {lrs.map((lr, j) => (
            <tr key={j} data-kfold-lr={lr} data-picked={j === pick || undefined}>
              <td>
                <span
                  className="swatch"
                  style={{ background: LR_COLORS[j % LR_COLORS.length] }}
                  aria-hidden="true"
                />
                {f.lr(lr)}
              </td>
              <td className="num">
                {f.loss(mean[j])} ± {f.loss(sd[j])}
              </td>
              <td>{j === pick ? <strong>{t('kfold.picks')}</strong> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onUse(lrs[pick]!)}>
        {t('kfold.use', { lr: f.lr(lrs[pick]!) })}
      </button>
    </section>
  );
}
