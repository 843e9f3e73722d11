import { useMemo } from 'react';
import type { Scene } from '../../core/scenes';
import { scheduleFactors } from '../../core/schedules';
import { minimaBands, type StabilityBands } from '../../core/stability';
import { runOptimizerOf, trimRunOptimizers } from '../../core/runOptimizers';
import type { ExperimentResult } from '../../protocol/results';
import type { Access, ControlGroup } from '../../url/classroom';
import type { LabState } from '../../url/state';
import { PredictionBar } from '../components/PredictionBar';
import { RunsTable } from '../components/RunsTable';
import { sameSetting, type DisplayRuns } from '../displayRuns';
import type { Prediction } from '../hooks/usePrediction';
import { score } from '../prediction';
import type { Frame } from '../runInputs';

interface Props {
  state: LabState;
  update: (change: Partial<LabState>) => void;
  access: (group: ControlGroup) => Access;
  scene: Scene;
  bands: StabilityBands | undefined;
  display: DisplayRuns;
  frame: Frame | undefined;
  result: ExperimentResult | undefined;
  prediction: Prediction;
  /** What the page answered the last learning rate picked in a panel (src/ui/hooks/useAddRun.ts). */
  said: string;
}

/**
 * The runs under the figure: one row per learning rate with its slider, its own optimizer where the
 * link gives runs their own, its verdict (or the class's vote while predicting), and the stability
 * bands; the predictions' score above them while the class votes.
 */
export function RunsArea(props: Props) {
  const { state, update, access, scene, display, prediction } = props;
  const local = useMemo(() => minimaBands(scene, state), [scene, state]);
  const factors = useMemo(() => scheduleFactors(state, state.steps), [state]);
  const { result } = props;
  return (
    <section className="runs-area">
      {prediction.voting && (
        <PredictionBar
          prediction={prediction}
          score={score(
            prediction.votes,
            display.runs.map((r) => r?.verdict.kind),
          )}
        />
      )}
      <RunsTable
        scene={scene}
        lrs={state.lrs}
        runs={display.runs}
        bands={props.bands}
        local={local}
        factors={factors}
        validation={
          result && sameSetting(result.experiment, state) ? props.frame?.validation : undefined
        }
        onChange={(lrs) => update({ lrs })}
        onRemove={(i) =>
          update({
            lrs: state.lrs.filter((_, j) => j !== i),
            runOptimizers: trimRunOptimizers(state.runOptimizers.filter((_, j) => j !== i)),
          })
        }
        runOptimizers={
          state.runOptimizers.length > 0 && access('optimizer') !== 'hidden'
            ? {
                kinds: state.lrs.map((_, i) => runOptimizerOf(state, i).optimizer),
                onChange: (i, optimizer) =>
                  update({
                    runOptimizers: trimRunOptimizers(
                      state.lrs.map((_, j) =>
                        j === i ? { optimizer } : (state.runOptimizers[j] ?? null),
                      ),
                    ),
                  }),
              }
            : undefined
        }
        lrAccess={access('lr')}
        prediction={
          prediction.voting
            ? { concealed: prediction.concealed, votes: prediction.votes, onVote: prediction.vote }
            : undefined
        }
      />
      <p role="status" className="said" data-testid="added">
        {props.said}
      </p>
    </section>
  );
}
