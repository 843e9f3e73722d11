import { useMemo } from 'react';
import { FIGURE_HEIGHT, FIGURE_WIDTH, LOSS_MARGIN } from '../../geometry/figure';
import { placeLineLabels, textWidth } from '../../charts/lineLabels';
import { lossChartLayout, stepAtX, type OffscaleMark } from '../../charts/lossChart';
import type { VerdictKind } from '../../core/verdict';
import type { RunResult } from '../../core/experiment';
import { useFormat } from '../format';
import { formatLoss, formatLr, optimizerShortName } from '../labels';
import { useVerdictColors } from '../palette';
import {
  lossFloor,
  runInputs,
  runOverfit,
  runStyle,
  svgPoint,
  TRAINING_WIDTH,
  VALIDATION_STYLE,
  validationInputs,
  type Frame,
} from '../runInputs';
import { Axes, measuredView, type MeasuredChart } from './Axes';

const W = FIGURE_WIDTH;
const H = FIGURE_HEIGHT;

interface Props {
  frame: Frame | undefined;
  cursor: number;
  hover: number | undefined;
  onHover: (step: number | undefined) => void;
  /** The type size; measured from the drawn width when not given (an export passes none). */
  fontSize?: number;
}

/** The short verdict words of the direct labels and the legend (the table says the whole story). */
export const VERDICT_WORD: Record<VerdictKind, string> = {
  'too-small': 'legend.tooSmall',
  'just-right': 'legend.justRight',
  'too-large': 'legend.tooLarge',
  diverged: 'legend.diverged',
};

/** An open triangle at the edge, its tip on the edge, pointing out of the plot. */
export function offscalePoints(m: { x: number; y: number; side: 'top' | 'bottom' }): string {
  const s = m.side === 'top' ? 1 : -1;
  return `${m.x},${m.y} ${m.x - 5.5},${m.y + 9 * s} ${m.x + 5.5},${m.y + 9 * s}`;
}

/** Loss versus step for all runs on a log axis; hovering picks a step for both views. */
export const LossView = measuredView(LossChart);

function LossChart({ frame, cursor, hover, onHover, font, svg, svgRef }: Props & MeasuredChart) {
  const steps = frame?.steps ?? 1;
  const { t, lang } = useFormat();
  const colors = useVerdictColors();
  const runs = useMemo(
    () => [...runInputs(frame, true, colors), ...validationInputs(frame, colors)],
    [frame, colors],
  );
  // Each run's best validation step, where early stopping keeps its parameters (not before the
  // reveal: the best step tells how the run went).
  const marks = useMemo(() => {
    // Nor while the runs still train: their best step is not known before their last.
    if (!frame || frame.concealed || frame.partial) return [];
    const floor = lossFloor(frame.scene);
    return (frame.validation ?? []).flatMap((v, i) => {
      const r = frame.runs[i];
      if (!v || !r) return [];
      const loss = (v.losses[v.bestStep] ?? NaN) - floor;
      return [
        { id: `best-${i}`, color: runStyle(frame, r, i, colors).color, step: v.bestStep, loss },
      ];
    });
  }, [frame, colors]);
  const shifted = frame ? lossFloor(frame.scene) !== 0 : false;
  const layout = useMemo(
    () =>
      lossChartLayout({
        width: W,
        height: H,
        steps,
        runs,
        cursor,
        hover,
        marks,
        margin: LOSS_MARGIN,
        fontSize: font,
      }),
    [steps, runs, cursor, hover, marks, font],
  );
  const { plot } = layout;
  const small = font - 2;
  const labels = useMemo(() => {
    // The text's own height, and a few units of air: the browser's glyph boxes (ascent and
    // descent) reach past the lines' nominal heights, and stacked labels must not touch.
    const labelHeight = (twoLines: boolean) =>
      Math.round(twoLines ? 1.15 * font + 1.2 * small : 1.3 * font) + 4;
    const texts = layout.lines.flatMap((l) => {
      if (!l.end) return [];
      const i = Number(l.id.slice(4));
      if (l.id.startsWith('val-')) {
        // A validation curve that turned up says so at its end, where the eye follows it (the
        // legend and the row say where it was lowest). One word: it fits the label column.
        const over = frame?.concealed
          ? undefined
          : runOverfit(frame?.runs[i], frame?.validation?.[i]);
        if (!over) return [];
        return [
          {
            line: l,
            eta: t('legend.overfits'),
            word: '',
            anchor: l.end,
            height: labelHeight(false),
          },
        ];
      }
      const run = l.id.startsWith('run-') ? frame?.runs[i] : undefined;
      if (!run) return [];
      // Runs with optimizers of their own say which at the line's end too, as the legend does.
      const optimizer = frame?.optimizers?.[i];
      const eta = optimizer
        ? t('legend.etaOptimizer', {
            lr: formatLr(run.lr, lang),
            optimizer: optimizerShortName(optimizer, t),
          })
        : t('legend.eta', { lr: formatLr(run.lr, lang) });
      const word =
        frame?.concealed || !run.verdict ? '' : verdictWord(run, t, Boolean(l.divergedMark));
      const height = labelHeight(word !== '');
      // A diverged run is labelled at its ✕, where the eye sees it leave: just below it, since
      // the line climbs away from there.
      const d = l.divergedMark;
      const anchor = d ? { x: d.x, y: d.y + height / 2 + 4 } : l.end;
      return [{ line: l, eta, word, anchor, height }];
    });
    const placed = placeLineLabels(
      texts.map((x) => ({
        id: x.line.id,
        anchor: x.anchor,
        width: Math.max(textWidth(x.eta, font, true), textWidth(x.word, small)),
        height: x.height,
      })),
      { top: plot.y, bottom: plot.y + plot.height, left: plot.x, right: W - 2, offset: 9 },
    );
    return texts.map((x, i) => ({ ...x, box: placed[i]! }));
  }, [layout, frame, t, lang, font, small, plot]);

  const offTitle = (m: OffscaleMark) =>
    t(
      m.side === 'top'
        ? 'lossView.offTop'
        : m.loss <= 0
          ? 'lossView.offZero'
          : 'lossView.offBottom',
      {
        loss: formatLoss(m.loss, lang),
        step: m.step,
      },
    );
  return (
    <svg
      ref={svgRef}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={t('lossView.label')}
      data-testid="loss-chart"
      data-lrs={frame?.runs.map((r) => r?.lr ?? '').join(',')}
      onPointerMove={(e) => {
        if (!svg.current) return;
        const p = svgPoint(svg.current, e.clientX, e.clientY, W, H);
        const inside =
          p.x >= plot.x &&
          p.x <= plot.x + plot.width &&
          p.y >= plot.y &&
          p.y <= plot.y + plot.height;
        onHover(inside ? stepAtX(layout, p.x) : undefined);
      }}
      onPointerLeave={() => onHover(undefined)}
    >
      <defs>
        <clipPath id="loss-clip">
          <rect x={plot.x} y={plot.y - 2} width={plot.width + 2} height={plot.height + 4} />
        </clipPath>
      </defs>
      <Axes
        plot={plot}
        xTicks={layout.xTicks}
        yTicks={layout.yTicks}
        xLabel={t('axis.stepUpdates')}
        yLabel={t(shifted ? 'axis.lossExcess' : 'axis.loss')}
        fontSize={font}
        titles="outside"
      />
      <line
        className="cursor"
        x1={layout.cursorX}
        x2={layout.cursorX}
        y1={plot.y}
        y2={plot.y + plot.height}
        stroke="#ccc"
      />
      <g clipPath="url(#loss-clip)">
        {layout.lines.map((l) => {
          const val = l.id.startsWith('val-');
          return (
            <g key={l.id} data-run={l.id}>
              {/* A validation curve: its run's colour, thinner, fainter and dotted. */}
              <path
                d={l.d}
                fill="none"
                stroke={l.color}
                strokeWidth={val ? VALIDATION_STYLE.width : TRAINING_WIDTH}
                opacity={val ? VALIDATION_STYLE.opacity : 1}
                strokeDasharray={(val ? VALIDATION_STYLE.dash : l.dash) || undefined}
                strokeLinecap={val ? VALIDATION_STYLE.linecap : undefined}
              />
              {l.head && !val && <circle cx={l.head.x} cy={l.head.y} r={3} fill={l.color} />}
            </g>
          );
        })}
      </g>
      {/* Off the scale: an open triangle at the edge, the true value on hover. */}
      {layout.lines.flatMap((l) =>
        l.offscale.map((m) => (
          <polygon
            key={`${l.id}-${m.step}`}
            data-offscale={m.side}
            data-for={l.id}
            points={offscalePoints(m)}
            fill="#fff"
            stroke={l.color}
            strokeWidth={1.6}
            opacity={l.id.startsWith('val-') ? VALIDATION_STYLE.opacity : 1}
          >
            <title>{offTitle(m)}</title>
          </polygon>
        )),
      )}
      {/* ✕ where a diverged run leaves (runInputs gives no step while the verdicts are hidden). */}
      {layout.lines.map(
        (l) =>
          l.divergedMark && (
            <text
              key={`x-${l.id}`}
              data-diverged={l.divergedMark.step}
              data-for={l.id}
              x={l.divergedMark.x}
              y={l.divergedMark.y}
              dy="0.35em"
              textAnchor="middle"
              fontSize={font}
              fontWeight={700}
              fill={l.color}
            >
              <title>{t('lossView.diverged', { step: l.divergedMark.step })}</title>✕
            </text>
          ),
      )}
      {layout.marks.map((m) => (
        <g key={m.id} data-best={m.id} pointerEvents="none">
          <title>{t('lossView.best')}</title>
          <line x1={m.x} x2={m.x} y1={m.y - 10} y2={m.y + 10} stroke={m.color} strokeWidth={2} />
          <circle cx={m.x} cy={m.y} r={4.5} fill="#fff" stroke={m.color} strokeWidth={2} />
        </g>
      ))}
      {/* Direct labels at the line ends: η, and the verdict's word once it may be known. */}
      <g pointerEvents="none" fontSize={font}>
        {labels.map(({ line, eta, word, box }) => {
          const top = box.y - box.height / 2;
          return (
            // A white halo keeps a label readable where it lies over another run's line.
            <g
              key={`label-${line.id}`}
              data-label={line.id}
              fill={line.color}
              stroke="#fff"
              strokeWidth={3}
              strokeLinejoin="round"
              paintOrder="stroke"
            >
              <text x={box.x} y={top + 0.9 * font} fontWeight={600}>
                {eta}
              </text>
              {word && (
                <text x={box.x} y={top + 1.15 * font + 0.95 * small} fontSize={small}>
                  {word}
                </text>
              )}
            </g>
          );
        })}
      </g>
      {layout.hover && (
        <g className="hover" pointerEvents="none">
          <line
            x1={layout.hover.x}
            x2={layout.hover.x}
            y1={plot.y}
            y2={plot.y + plot.height}
            stroke="#333"
            strokeDasharray="3 3"
          />
          {layout.hover.marks.map((m) => (
            <circle
              key={m.id}
              cx={m.x}
              cy={m.y}
              r={5}
              fill="none"
              stroke={m.color}
              strokeWidth={2}
            />
          ))}
        </g>
      )}
    </svg>
  );
}

/** The verdict's short word; for a diverged run whose ✕ is drawn, with its step. */
function verdictWord(
  run: RunResult,
  t: (key: string, o?: Record<string, unknown>) => string,
  atMark: boolean,
): string {
  const v = run.verdict;
  if (v.kind === 'diverged' && atMark && v.divergedAt !== undefined) {
    return t('legend.divergedAt', { step: v.divergedAt });
  }
  // A run that overshoots yet converges is no "too large" run: its own word, as in the table.
  if (v.kind === 'too-large' && v.detail === 'oscillating') return t('legend.aBitLarge');
  return t(VERDICT_WORD[v.kind]);
}
