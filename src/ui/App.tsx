import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { scheduleFactors } from '../core/schedules';
import { makeScene } from '../core/scenes';
import { sliceViewScene } from '../core/scenes/sliceView';
import { minimaBands, sceneBands } from '../core/stability';
import { PENDING_COLOR, VERDICT_COLORS } from '../charts/palette';
import { LIMITS } from '../url/state';
import { accessOf, type ControlGroup } from '../url/classroom';
import { applyPreset, presetOf } from '../url/codec';
import { PRESET_IDS, type PresetId } from '../url/presets';
import { Gate } from './components/Gate';
import { PredictionBar } from './components/PredictionBar';
import { PresenterBar } from './components/PresenterBar';
import { PresetsBar } from './components/PresetsBar';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { usePrediction } from './hooks/usePrediction';
import { useShortcuts } from './hooks/useShortcuts';
import { score } from './prediction';
import type { ShortcutKey } from './shortcuts';
import { analysisRequest } from './analysisRequest';
import { AnalysisPanel } from './components/AnalysisPanel';
import { BackendPanel } from './components/BackendPanel';
import { Controls, SCENE_NAMES } from './components/Controls';
import { LossView } from './components/LossView';
import { Notices } from './components/Notices';
import { OptimizerControls } from './components/OptimizerControls';
import { DataControls } from './components/DataControls';
import { KFoldView } from './components/KFoldView';
import { DATA_SCENES } from '../core/scenes/linreg';
import { Playback } from './components/Playback';
import { RunsTable } from './components/RunsTable';
import { SurfaceView } from './components/SurfaceView';
import { useLabState } from './hooks/useLabState';
import { usePlayback } from './hooks/usePlayback';
import { useTraining } from './hooks/useTraining';
import { formatLoss, formatLr, verdictLabel } from './labels';
import { displayRuns, sameSetting } from './displayRuns';
import type { Frame } from './runInputs';
import { pickExperiment } from '../core/experiment';
import { QrDialog } from './share/QrDialog';
import { ExportPanel } from './components/ExportPanel';
import { ReproCheck } from './components/ReproCheck';

// The charts re-render only when what they draw changes (not at every keystroke elsewhere).
const SurfaceChart = memo(SurfaceView);
const LossChart = memo(LossView);

const STRINGS = {
  lrLocked: 'The teacher locked the learning rates for this lesson.',
  analysisConcealed:
    'The analysis panels show verdicts: they open once the runs have predictions or are revealed.',
} as const;

/** The lab: URL → parameters → worker → frames → charts → screen. */
export function App() {
  const { state, rejected, update } = useLabState();
  // The teacher's link hides or locks groups of controls.
  const access = (group: ControlGroup) => accessOf(state, group);
  const [nonce, setNonce] = useState(0);
  const scene = useMemo(
    () => makeScene(state.scene, { kappa: state.kappa }),
    [state.scene, state.kappa],
  );
  const analysis = useMemo(() => analysisRequest(state, scene), [state, scene]);
  const training = useTraining(state, nonce, analysis);
  const [said, setSaid] = useState('');
  // A learning rate picked in a panel becomes a run, unless the runs are full or it is there already.
  const addRun = (lr: number) => {
    if (access('lr') !== 'open') setSaid(STRINGS.lrLocked);
    else if (state.lrs.includes(lr)) setSaid(`η = ${formatLr(lr)} is already a run.`);
    else if (state.lrs.length >= LIMITS.runs.max) {
      setSaid(`At most ${LIMITS.runs.max} runs: remove one to add η = ${formatLr(lr)}.`);
    } else {
      setSaid(`Added η = ${formatLr(lr)} as run ${state.lrs.length + 1}.`);
      update({ lrs: [...state.lrs, lr] });
    }
  };
  const bands = useMemo(() => sceneBands(scene, state), [scene, state]);
  const local = useMemo(() => minimaBands(scene, state), [scene, state]);
  const factors = useMemo(() => scheduleFactors(state, state.steps), [state]);
  const result = training.result;
  const steps = result?.experiment.steps ?? state.steps;
  const playback = usePlayback(steps);
  const [hover, setHover] = useState<number | undefined>(undefined);
  // The notices the user dismissed; new ones (another fallback, a restart) show again.
  const [dismissed, setDismissed] = useState('');

  // The first result plays from step 0, as the lecture figure unfolding; later results (a slider
  // moved) keep the cursor where the user left it, so the figure redraws in place.
  const played = useRef(false);
  const { restart } = playback;
  useEffect(() => {
    if (result && !played.current) {
      played.current = true;
      restart();
    }
  }, [result, restart]);

  // The classroom: presets by click or key; predictions before verdicts.
  const prediction = usePrediction(state);
  const [help, setHelp] = useState(false);
  const pickPreset = (id: PresetId) => {
    // A preset's figure unfolds from step 0, as the first one does.
    played.current = false;
    update(applyPreset(state, id));
  };
  // Playback re-renders the page every frame: the preset comparison waits for a new state.
  const activePreset = useMemo(() => presetOf(state, PRESET_IDS), [state]);
  const off = new Set<ShortcutKey>([
    ...(access('playback') === 'open' ? [] : (['space', 'left', 'right'] as const)),
    ...(access('presets') === 'open' ? [] : (['digits'] as const)),
  ]);
  useShortcuts(PRESET_IDS.length, (a) => {
    if (a.kind === 'help') {
      setHelp(true);
      return true;
    }
    if (help) return false;
    if (a.kind === 'preset') {
      const id = PRESET_IDS[a.index];
      if (off.has('digits') || id === undefined) return false;
      pickPreset(id);
      return true;
    }
    if (off.has('space')) return false;
    if (a.kind === 'toggle-play') {
      if (playback.playing) playback.pause();
      else playback.play();
    } else if (a.by > 0) playback.step();
    else playback.scrub(playback.cursor - 1);
    return true;
  });

  const backendName = training.backend?.name;
  const display = useMemo(
    () =>
      displayRuns(
        state,
        scene,
        result && training.resultChoice && { result, choice: training.resultChoice },
        training.grid,
        backendName,
      ),
    [state, scene, result, training.resultChoice, training.grid, backendName],
  );
  // Draw the latest result's own scene; the wanted runs (exact or previewed) once they belong to it.
  const frame = useMemo((): Frame | undefined => {
    if (!result) return undefined;
    const own = sameSetting(result.experiment, state);
    // While a run is retrained (another backend, say) its last exact result stays drawn.
    const runs = own
      ? display.runs.map(
          (r, i) => r ?? (result.runs[i]?.lr === state.lrs[i] ? result.runs[i] : undefined),
        )
      : result.runs;
    const data = result.data;
    const trained = own ? scene : makeScene(result.experiment.scene, result.experiment);
    const slice = result.slice;
    return {
      // A network is drawn in the plane of its slice.
      scene: slice ? sliceViewScene(trained, slice.window, slice.names) : trained,
      draggable: !slice,
      steps: result.experiment.steps,
      surface: result.surface,
      contours: training.contours,
      start: result.start,
      runs,
      // Validation belongs to the result's own runs: a slider preview has none until it trains.
      validation:
        data &&
        runs.map((r, i) =>
          r && result.runs[i]?.lr === r.lr && data.val[i]
            ? {
                losses: data.val[i],
                bestStep: data.bestStep[i]!,
                stopStep: data.stopStep[i]!,
                test: data.test[i]!,
              }
            : undefined,
        ),
      concealed: prediction.concealed,
    };
  }, [result, state, scene, display, training.contours, prediction.concealed]);
  // The charts draw a deferred copy of the frame: in a burst of slider moves the table follows every
  // move at once and the charts as often as the machine allows. React may skip frames in between,
  // never draw an older one after a newer one.
  const drawn = useDeferredValue(frame);
  const sceneOpen = access('scene') === 'open';
  const onStart = useCallback(
    (start: readonly number[]) => sceneOpen && update({ start }),
    [sceneOpen, update],
  );
  // The contract knows done and running only; a failure is running with data-error, and a notice.
  const done = display.exact && (training.status === 'done' || display.fromGrid) && drawn === frame;
  const failed = training.status === 'error';
  const status = done ? 'done' : 'running';
  const messages = [
    ...training.notices,
    ...training.restarts,
    ...(training.error ? [`Training failed: ${training.error}`] : []),
  ];
  const noticeKey = JSON.stringify([rejected, messages]);

  return (
    <div
      className={state.present ? 'app present' : 'app'}
      data-status={status}
      data-error={failed || undefined}
    >
      <header>
        <h1>lr-lab</h1>
        <p className="lede">
          {SCENE_NAMES[state.scene]}: the same start, {state.lrs.length} learning rates, trained
          together.
        </p>
        <PresenterBar
          present={state.present}
          onPresent={(present) => update({ present })}
          onShortcuts={() => setHelp(true)}
        />
        <Gate access={access('presets')}>
          <PresetsBar active={activePreset} onPick={pickPreset} />
        </Gate>
      </header>
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} off={off} />
      {dismissed !== noticeKey && (
        <Notices
          rejected={rejected}
          messages={messages}
          onDismiss={() => setDismissed(noticeKey)}
        />
      )}
      <main>
        <div className="figure">
          <figure aria-label="Loss surface and the paths of gradient descent">
            <SurfaceChart
              frame={drawn}
              cursor={playback.cursor}
              hover={hover}
              onHover={setHover}
              onStart={onStart}
            />
            <figcaption>Loss surface and each run&apos;s path</figcaption>
          </figure>
          <figure aria-label="Loss versus step">
            <LossChart frame={drawn} cursor={playback.cursor} hover={hover} onHover={setHover} />
            <figcaption>
              {hover !== undefined && frame ? (
                <HoverReadout frame={frame} step={hover} concealed={prediction.concealed} />
              ) : (
                'Loss versus number of parameter updates (log scale)'
              )}
            </figcaption>
          </figure>
        </div>
        {/* Always laid out, shown only while training, so the page does not jump. */}
        <p
          className="training-progress"
          role="status"
          style={{ visibility: status === 'running' && !failed ? 'visible' : 'hidden' }}
        >
          {training.surfaceDone !== undefined ? (
            <>
              Evaluating the loss surface through the slice…{' '}
              <progress max={1} value={training.surfaceDone} aria-label="Surface progress" />
            </>
          ) : (
            <>
              Training {state.lrs.length} runs…{' '}
              <progress
                max={state.steps}
                value={Math.min(training.stepsDone, state.steps)}
                aria-label="Training progress"
              />
            </>
          )}
        </p>
        <Gate access={access('playback')}>
          <Playback
            steps={steps}
            cursor={playback.cursor}
            playing={playback.playing}
            onPlay={playback.play}
            onPause={playback.pause}
            onStep={playback.step}
            onScrub={playback.scrub}
            onReset={() => {
              setNonce((n) => n + 1);
              playback.restart();
            }}
          />
        </Gate>
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
          bands={bands}
          local={local}
          factors={factors}
          validation={
            result && sameSetting(result.experiment, state) ? frame?.validation : undefined
          }
          onChange={(lrs) => update({ lrs })}
          lrAccess={access('lr')}
          prediction={
            prediction.voting
              ? {
                  concealed: prediction.concealed,
                  votes: prediction.votes,
                  onVote: prediction.vote,
                }
              : undefined
          }
        />
        <p role="status" className="said" data-testid="added">
          {said}
        </p>
        <Gate access={access('analysis')}>
          {prediction.concealed ? (
            <p className="analysis muted" data-testid="analysis-concealed">
              {STRINGS.analysisConcealed}
            </p>
          ) : (
            <AnalysisPanel
              state={state}
              scene={scene}
              bands={bands}
              training={training}
              update={update}
              addRun={addRun}
              runColors={display.runs.map((r) =>
                r ? VERDICT_COLORS[r.verdict.kind] : PENDING_COLOR,
              )}
            />
          )}
        </Gate>
        <Controls state={state} update={update} access={access} />
        <QrDialog />
        <Gate access={access('optimizer')}>
          <OptimizerControls state={state} update={update} />
        </Gate>
        {result?.kfold && sameSetting(result.experiment, state) && (
          <KFoldView
            kfold={result.kfold}
            lrs={result.experiment.lrs}
            steps={result.experiment.steps}
            cursor={playback.cursor}
            onUse={(lr) => update({ folds: 0, lrs: [lr] })}
          />
        )}
        {DATA_SCENES.includes(state.scene) && (
          <Gate access={access('data')}>
            <DataControls
              state={state}
              update={update}
              data={result && sameSetting(result.experiment, state) ? result.data : undefined}
              cursor={playback.cursor}
            />
          </Gate>
        )}
        <Gate access={access('backend')}>
          <BackendPanel
            training={training}
            fingerprint={status === 'done' ? display.fingerprint : undefined}
            fromGrid={display.fromGrid}
          />
        </Gate>
        <ReproCheck
          training={training}
          experiment={pickExperiment(state)}
          runs={status === 'done' ? display.runs : undefined}
          fingerprint={status === 'done' ? display.fingerprint : undefined}
        />
        {/* Exports carry the verdicts: not while the class is still predicting them. */}
        {!prediction.concealed && (
          <ExportPanel
            frame={status === 'done' ? frame : undefined}
            sceneId={state.scene}
            caption={
              status === 'done' && display.fingerprint && training.backend
                ? {
                    scene: SCENE_NAMES[state.scene],
                    lrs: state.lrs,
                    steps,
                    seed: state.seed,
                    fingerprint: display.fingerprint,
                    backend: training.backend.name,
                  }
                : undefined
            }
          />
        )}
        <p className="visually-hidden" aria-live="polite">
          {result && status === 'done' && !prediction.concealed
            ? result.runs.map((r, i) => `Run ${i + 1}: ${verdictLabel(r.verdict)}.`).join(' ')
            : ''}
        </p>
      </main>
    </div>
  );
}

/** The hovered step's numbers: each run's loss there, or where it had already left. */
function HoverReadout(props: { frame: Frame; step: number; concealed: boolean }) {
  const { frame, step, concealed } = props;
  return (
    <span className="readout">
      Step {step}:{' '}
      {frame.runs.map((r, i) =>
        r ? (
          <span key={i} className="readout-run">
            η = {formatLr(r.lr)} →{' '}
            {step < r.losses.length ? formatLoss(r.losses[step]) : concealed ? '—' : 'diverged'}
          </span>
        ) : null,
      )}
    </span>
  );
}
