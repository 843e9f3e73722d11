import { useMemo } from 'react';
import { lossChartLayout } from '../../charts/lossChart';
import { RUN_DASHES } from '../../charts/runStyles';
import type { KFoldResult } from '../../protocol/results';
import { useFormat } from '../format';
import { useCursor, type CursorSource } from '../hooks/useCursor';
import { AxesChart, LossLines } from './AxesChart';
import './panels.css';

const W = 560;
const H = 300;
/**
 * One colour per learning rate, the same in the chart, its legend and the table. None of the
 * verdict hues (red, blue, green, yellow/orange): a fold's colour says which learning rate, never
 * what happened; the verdict is said in words in the table.
 */
export const FOLD_COLORS = [
  '#6a3d9a',
  '#8c510a',
  '#c51b7d',
  '#5b5b5b',
  '#9e6fb8',
  '#a6761d',
  '#e7298a',
  '#3f007d',
] as const;
const colorOf = (j: number) => FOLD_COLORS[j % FOLD_COLORS.length]!;
/** The held-out part of each fold, and the rows it trains on: dark and light, no verdict hue. */
const HELD_OUT = '#3d3d3d';
const TRAINS = '#d6d6d6';

/**
 * k-fold cross-validation: which rows each fold holds out, every fold's validation curve per
 * learning rate with the mean ± one standard deviation band, and the mean best validation loss per
 * learning rate, with the pick and, in one sentence, why it is the pick.
 */
export function KFoldView({
  kfold,
  lrs,
  steps,
  cursor: source,
  onUse,
}: {
  kfold: KFoldResult;
  lrs: readonly number[];
  steps: number;
  cursor: CursorSource;
  onUse: (lr: number) => void;
}) {
  const { k, val, mean, sd, pick } = kfold;
  const cursor = useCursor(source);
  const f = useFormat();
  const { t } = f;
  const layout = useMemo(() => {
    // Folds of one learning rate share its colour; each fold has its own dash.
    const runs = val.flatMap((folds, j) =>
      folds.map((v, i) => ({
        id: `fold-${j}-${i}`,
        color: colorOf(j),
        dash: RUN_DASHES[i % RUN_DASHES.length]!,
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
      return { id: `band-${j}`, color: colorOf(j), lower, upper };
    });
    return lossChartLayout({ width: W, height: H, steps, runs, bands, cursor });
  }, [val, k, steps, cursor]);
  const verdictOf = (j: number) => {
    const v = kfold.verdicts[j];
    return v ? f.verdict(v) : '—';
  };
  const why =
    kfold.reason === 'lowest'
      ? t('kfold.pickLowest', { lr: f.lr(lrs[pick]!) })
      : kfold.reason === 'skipped' && kfold.skipped !== undefined
        ? t('kfold.pickSkipped', {
            lr: f.lr(lrs[pick]!),
            skipped: f.lr(lrs[kfold.skipped]!),
            verdict: verdictOf(kfold.skipped),
          })
        : t('kfold.pickNone', { lr: f.lr(lrs[pick]!) });
  return (
    <section className="kfold" aria-label={t('kfold.label')} data-testid="kfold">
      <h2>{t('kfold.heading', { k })}</h2>
      <p className="read">{t('kfold.read', { k })}</p>
      <svg viewBox={`0 0 ${W} ${12 * k + 4}`} role="img" aria-label={t('kfold.folds', { k })}>
        {Array.from({ length: k }, (_, i) =>
          Array.from({ length: k }, (_, c) => (
            <rect
              key={`${i}-${c}`}
              x={60 + (c * (W - 70)) / k}
              y={2 + 12 * i}
              width={(W - 70) / k - 2}
              height={10}
              fill={c === i ? HELD_OUT : TRAINS}
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
      <ul className="kfold-legend" data-testid="kfold-legend">
        {lrs.map((lr, j) => (
          <li key={j} data-kfold-legend={lr} data-color={colorOf(j)}>
            <span className="swatch" style={{ background: colorOf(j) }} aria-hidden="true" />η ={' '}
            {f.lr(lr)}
          </li>
        ))}
      </ul>
      <p className="said small">{t('kfold.legend')}</p>
      <AxesChart
        width={W}
        height={H}
        layout={layout}
        label={t('kfold.chart')}
        testId="kfold-chart"
        xLabel={t('axis.step')}
        yLabel={t('kfold.valLoss')}
      >
        {layout.bands.map((b) => (
          <path key={b.id} data-band={b.id} d={b.d} fill={b.color} opacity={0.15} stroke="none" />
        ))}
        <LossLines lines={layout.lines} name="fold" width={() => 1.2} opacity={0.85} />
      </AxesChart>
      <table>
        <thead>
          <tr>
            <th scope="col">η</th>
            <th scope="col">{t('runs.verdict')}</th>
            <th scope="col">{t('kfold.mean', { k })}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {lrs.map((lr, j) => (
            <tr
              key={j}
              data-kfold-lr={lr}
              data-color={colorOf(j)}
              data-picked={j === pick || undefined}
            >
              <td>
                <span className="swatch" style={{ background: colorOf(j) }} aria-hidden="true" />
                {f.lr(lr)}
              </td>
              <td>{verdictOf(j)}</td>
              <td className="num">
                {f.loss(mean[j])} ± {f.loss(sd[j])}
              </td>
              <td>{j === pick ? <strong>{t('kfold.picks')}</strong> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="pick-why" data-testid="kfold-why" data-reason={kfold.reason}>
        {why}
      </p>
      <button type="button" onClick={() => onUse(lrs[pick]!)}>
        {t('kfold.use', { lr: f.lr(lrs[pick]!) })}
      </button>
    </section>
  );
}
