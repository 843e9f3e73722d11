import { useCallback, useMemo, useState } from 'react';
import type { AnalysisRequest } from '../../protocol/messages';
import type { Access, ControlGroup } from '../../url/classroom';
import type { LabState } from '../../url/state';
import { Gate } from '../components/Gate';
import { Legend } from '../components/Legend';
import { Playback } from '../components/Playback';
import { fixedCursor } from '../hooks/useCursor';
import type { Format } from '../format';
import type { Figure } from '../hooks/useFigure';
import type { ResultPlayback } from '../hooks/useResultPlayback';
import type { Training } from '../hooks/useTraining';
import { Stage } from './Stage';
import { pendingOf, StatusLine } from './StatusLine';

interface Props {
  state: LabState;
  update: (change: Partial<LabState>) => void;
  access: (group: ControlGroup) => Access;
  figure: Figure;
  playback: ResultPlayback;
  training: Training;
  /** What the open panel asked the worker for (the status line waits for it). */
  analysis: AnalysisRequest | undefined;
  concealed: boolean;
  /** Trains the same parameters again (playback's reset). */
  onReset: () => void;
  f: Format;
}

/**
 * The figure area: the sentence that says what is drawn and the legend, the two views (the stage),
 * and under them playback and the status line. Hovering a step and dragging the start are its own.
 */
export function FigureArea(props: Props) {
  const { state, update, access, figure, playback, training, concealed } = props;
  const { t } = props.f;
  const { frame, streaming, display } = figure;
  const [hover, setHover] = useState<number | undefined>(undefined);
  const sceneOpen = access('scene') === 'open';
  const onStart = useCallback(
    (start: readonly number[]) => sceneOpen && update({ start: [...start] }),
    [sceneOpen, update],
  );
  // While the curves stream they are drawn whole, up to the step they have reached.
  const reached = streaming ? Math.min(training.stepsDone, streaming.steps) : undefined;
  const streamCursor = useMemo(
    () => (reached === undefined ? undefined : fixedCursor(reached)),
    [reached],
  );
  const pending = pendingOf(training, display.exact, state.steps, {
    asked: access('analysis') === 'hidden' || concealed ? undefined : props.analysis,
    answered: training.analysis !== undefined || training.analysisError !== undefined,
  });
  const head = (
    <>
      <p className="lede">
        {t('app.lede', {
          // A typed function is named by its formula: the figure shows that function.
          scene:
            state.scene === 'formula'
              ? t('scene.formulaIs', { formula: state.formula })
              : t(`scene.${state.scene}`),
          count: state.lrs.length,
        })}
      </p>
      <Legend frame={streaming ?? frame} />
    </>
  );
  const foot = (
    <div className="stage-foot">
      <Gate access={access('playback')}>
        <Playback
          steps={streaming ? streaming.steps : figure.steps}
          cursor={streamCursor ?? playback.cursor}
          playing={playback.playing}
          onPlay={playback.play}
          onPause={playback.pause}
          onStep={playback.step}
          onScrub={playback.scrub}
          onReset={() => {
            props.onReset();
            playback.restart();
          }}
        />
      </Gate>
      <StatusLine pending={pending} runs={state.lrs.length} />
    </div>
  );
  return (
    <Stage
      frame={frame}
      streaming={streaming}
      cursor={playback.cursor}
      concealed={concealed}
      hover={hover}
      onHover={setHover}
      onStart={onStart}
      head={head}
      foot={foot}
    />
  );
}
