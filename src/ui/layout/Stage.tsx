import { memo, type ReactNode } from 'react';
import { useFormat } from '../format';
import { LossView } from '../components/LossView';
import { SurfaceView } from '../components/SurfaceView';
import type { Frame } from '../runInputs';
import { lastLossStep, lossAtStep } from '../../core/trajectory';
import { useCursor, type CursorSource } from '../hooks/useCursor';

// The charts re-render only when what they draw changes (not at every keystroke elsewhere).
const SurfaceChart = memo(SurfaceView);
const LossChart = memo(LossView);

interface Props {
  frame: Frame | undefined;
  /**
   * Results as they come: the runs' losses so far (a partial frame), drawn whole on the loss chart
   * in place of `frame` until the final result; the surface keeps `frame`.
   */
  streaming?: Frame;
  /** The animation cursor the charts draw up to. */
  cursor: CursorSource;
  /** The outcome is concealed (the class predicts it): the charts draw step 0 only. */
  concealed: boolean;
  hover: number | undefined;
  onHover: (step: number | undefined) => void;
  onStart: (theta: readonly number[]) => void;
  /** Above the views: the sentence that says what is drawn, and the legend. */
  head: ReactNode;
  /** Under the views: playback and the status line. */
  foot: ReactNode;
}

/**
 * The figure of the notes, first on every screen: the loss surface with each run's path beside the
 * loss versus step, with their legend above and the playback under them. In presenter mode it
 * fills the screen (styles.css).
 */
export function Stage(props: Props) {
  const { frame, streaming, hover, onHover, onStart, head, foot } = props;
  const { t } = useFormat();
  // A frame of playing renders the stage and its scrubber alone: `head` and `foot` are the figure
  // area's elements, unchanged, and the charts are memos.
  const at = useCursor(props.cursor);
  const cursor = props.concealed ? 0 : at;
  const loss = streaming ?? frame;
  return (
    <section className="stage" aria-label={t('layout.stage')}>
      {head}
      <div className="figure">
        <figure aria-label={t('app.surfaceFigure')}>
          <SurfaceChart
            frame={frame}
            cursor={cursor}
            hover={hover}
            onHover={onHover}
            onStart={onStart}
          />
          <figcaption>
            {/* A network's surface is a slice through its finished paths: say why it is blank. */}
            {streaming && !frame ? t('app.surfaceAfterTraining') : t('app.surfaceCaption')}
          </figcaption>
        </figure>
        <figure aria-label={t('app.lossFigure')}>
          <LossChart
            frame={loss}
            cursor={streaming ? streaming.steps : cursor}
            hover={hover}
            onHover={onHover}
          />
          <figcaption>
            {hover !== undefined && loss ? (
              <HoverReadout frame={loss} step={hover} />
            ) : (
              t('app.lossCaption')
            )}
          </figcaption>
        </figure>
      </div>
      {foot}
    </section>
  );
}

/** The hovered step's numbers: each run's loss there, or where it had already left. */
function HoverReadout({ frame, step }: { frame: Frame; step: number }) {
  const f = useFormat();
  return (
    <span className="readout">
      {f.t('app.hoverStep', { step })}{' '}
      {frame.runs.map((r, i) =>
        r ? (
          <span key={i} className="readout-run">
            η = {f.lr(r.lr)} →{' '}
            {/* While the class predicts, only the start is known: the rest would tell. */}
            {/* Nor past the losses so far of a run still training: they are not known yet. */}
            {/* A strided run (lossEvery) reads the recorded loss at or before the step. */}
            {frame.concealed && step > 0
              ? '—'
              : step <= lastLossStep(r)
                ? f.loss(lossAtStep(r, step))
                : frame.partial
                  ? '—'
                  : f.t('app.hoverDiverged')}
          </span>
        ) : null,
      )}
    </span>
  );
}
