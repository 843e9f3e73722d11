import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { scheduleFactors } from '../core/schedules';
import { makeScene } from '../core/scenes';
import { sliceViewScene } from '../core/scenes/sliceView';
import { minimaBands, sceneBands } from '../core/stability';
import { PALETTE_COLORS, PENDING_COLOR } from '../charts/palette';
import { createI18n } from '../i18n/i18n';
import { pickLanguage } from '../url/language';
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
import { Controls } from './components/Controls';
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
import { useAnnouncement } from './hooks/useAnnouncement';
import { useTraining } from './hooks/useTraining';
import { makeFormat, useFormat } from './format';
import { PaletteContext } from './palette';
import { ViewControls } from './components/ViewControls';
import { translateWorkerText } from './workerText';
import { displayRuns, sameSetting } from './displayRuns';
import type { Frame } from './runInputs';
import { pickExperiment } from '../core/experiment';
import { QrDialog } from './share/QrDialog';
import { ExportPanel } from './components/ExportPanel';
import { ReproCheck } from './components/ReproCheck';

// The charts re-render only when what they draw changes (not at every keystroke elsewhere).
const SurfaceChart = memo(SurfaceView);
const LossChart = memo(LossView);

/** The lab: URL → parameters → worker → frames → charts → screen. */
export function App() {
  const { state, rejected, update } = useLabState();
  // The teacher's link hides or locks groups of controls.
  const access = (group: ControlGroup) => accessOf(state, group);
  // The link's language, else the browser's; the selector writes it back into the link.
  const lang = pickLanguage(state.lang, navigator.languages);
  const [i18n] = useState(() => createI18n(lang));
  const f = useMemo(() => makeFormat(i18n.getFixedT(lang), lang), [i18n, lang]);
  const { t } = f;
  useLayoutEffect(() => {
    void i18n.changeLanguage(lang);
    document.documentElement.lang = lang;
    document.title = i18n.getFixedT(lang)('app.title');
  }, [i18n, lang]);
  const colors = PALETTE_COLORS[state.palette];
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
    if (access('lr') !== 'open') setSaid(t('app.lrLocked'));
    else if (state.lrs.includes(lr)) setSaid(t('app.alreadyRun', { lr: f.lr(lr) }));
    else if (state.lrs.length >= LIMITS.runs.max) {
      setSaid(t('app.runsFull', { max: LIMITS.runs.max, lr: f.lr(lr) }));
    } else {
      setSaid(t('app.added', { lr: f.lr(lr), run: state.lrs.length + 1 }));
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
  const sceneOpen = access('scene') === 'open';
  const onStart = useCallback(
    (start: readonly number[]) => sceneOpen && update({ start }),
    [sceneOpen, update],
  );
  // The contract knows done and running only; a failure is running with data-error, and a notice.
  const done = display.exact && (training.status === 'done' || display.fromGrid);
  const failed = training.status === 'error';
  const status = done ? 'done' : 'running';
  const messages = [
    ...training.notices.map((n) => translateWorkerText(n, t)),
    ...training.restarts.map((n) => translateWorkerText(n, t)),
    ...(training.error ? [t('app.trainingFailed', { error: training.error })] : []),
  ];
  const noticeKey = JSON.stringify([rejected, messages]);
  const announcement = useAnnouncement(result?.runs, status === 'done' && !prediction.concealed, f);

  // The page is wrapped in the language and palette it shows (kept apart so the page reads as before).
  const page = (
    <div
      className={state.present ? 'app present' : 'app'}
      data-status={status}
      data-error={failed || undefined}
    >
      <header>
        <h1>lr-lab</h1>
        <p className="lede">
          {t('app.lede', { scene: t(`scene.${state.scene}`), count: state.lrs.length })}
        </p>
        <ViewControls state={state} update={update} />
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
          <figure aria-label={t('app.surfaceFigure')}>
            <SurfaceChart
              frame={frame}
              cursor={playback.cursor}
              hover={hover}
              onHover={setHover}
              onStart={onStart}
            />
            <figcaption>{t('app.surfaceCaption')}</figcaption>
          </figure>
          <figure aria-label={t('app.lossFigure')}>
            <LossChart frame={frame} cursor={playback.cursor} hover={hover} onHover={setHover} />
            <figcaption>
              {hover !== undefined && frame ? (
                <HoverReadout frame={frame} step={hover} concealed={prediction.concealed} />
              ) : (
                t('app.lossCaption')
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
              {t('app.evaluatingSurface')}{' '}
              <progress
                max={1}
                value={training.surfaceDone}
                aria-label={t('app.surfaceProgress')}
              />
            </>
          ) : (
            <>
              {t('app.training', { count: state.lrs.length })}{' '}
              <progress
                max={state.steps}
                value={Math.min(training.stepsDone, state.steps)}
                aria-label={t('app.trainingProgress')}
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
              {t('app.analysisConcealed')}
            </p>
          ) : (
            <AnalysisPanel
              state={state}
              scene={scene}
              bands={bands}
              training={training}
              update={update}
              addRun={addRun}
              runColors={display.runs.map((r) => (r ? colors[r.verdict.kind] : PENDING_COLOR))}
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
                    scene: t(`scene.${state.scene}`),
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
        <p className="visually-hidden" aria-live="polite" data-testid="verdict-announcer">
          {announcement}
        </p>
      </main>
    </div>
  );
  return (
    <I18nextProvider i18n={i18n}>
      <PaletteContext.Provider value={state.palette}>{page}</PaletteContext.Provider>
    </I18nextProvider>
  );
}

/** The hovered step's numbers: each run's loss there, or where it had already left. */
function HoverReadout(props: { frame: Frame; step: number; concealed: boolean }) {
  const { frame, step, concealed } = props;
  const f = useFormat();
  return (
    <span className="readout">
      {f.t('app.hoverStep', { step })}{' '}
      {frame.runs.map((r, i) =>
        r ? (
          <span key={i} className="readout-run">
            η = {f.lr(r.lr)} →{' '}
            {step < r.losses.length
              ? f.loss(r.losses[step])
              : concealed
                ? '—'
                : f.t('app.hoverDiverged')}
          </span>
        ) : null,
      )}
    </span>
  );
}
