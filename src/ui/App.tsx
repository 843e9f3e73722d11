import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { I18nextProvider } from 'react-i18next';
import { scheduleFactors } from '../core/schedules';
import { makeScene } from '../core/scenes';
import { minimaBands, sceneBands } from '../core/stability';
import { LIMITS } from '../url/state';
import { accessOf, type ControlGroup } from '../url/classroom';
import { applyPreset, presetOf } from '../url/codec';
import { PRESET_IDS, type PresetId } from '../url/presets';
import { PredictionBar } from './components/PredictionBar';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { usePrediction } from './hooks/usePrediction';
import { score } from './prediction';
import { analysisRequest } from './analysisRequest';
import { Notices } from './components/Notices';
import { Playback } from './components/Playback';
import { RunsTable } from './components/RunsTable';
import { Gate } from './components/Gate';
import { useLabState } from './hooks/useLabState';
import { usePlayback } from './hooks/usePlayback';
import { useAnnouncement } from './hooks/useAnnouncement';
import { useTraining } from './hooks/useTraining';
import { useLanguage } from './hooks/useLanguage';
import { useFrame } from './hooks/useFrame';
import { useLabShortcuts } from './hooks/useLabShortcuts';
import { PaletteContext } from './palette';
import { causeText, noticeText } from './notices';
import { displayRuns, sameSetting } from './displayRuns';
import { TopBar } from './layout/TopBar';
import { Stage } from './layout/Stage';
import { StatusLine, pendingOf } from './layout/StatusLine';
import { Panels } from './layout/Panels';
import { Legend } from './components/Legend';
import { DATA_SCENES } from '../core/scenes/linreg';
import { isNetworkScene } from '../core/scenes/cars';
import { pickExperiment } from '../core/experiment';
import { useUserData } from './hooks/useUserData';
import { runOptimizerOf, trimRunOptimizers } from '../core/runOptimizers';
import { UserDataPanel } from './components/UserDataPanel';
import { partialFrame, streamsFor } from './figure/partialFrame';

/**
 * The lab: URL → parameters → worker → frames → charts → screen. Laid out as the top bar, the stage
 * (the figure, its legend and playback), the runs (sliders and verdicts), then the panels.
 */
/** Performance marks are set once per page load (StrictMode runs effects twice in development). */
let appMarked = false;
let figureMarked = false;

export function App() {
  const { state: linked, rejected, update } = useLabState();
  // A link to a user's file trains on it once the file is chosen here (src/ui/hooks/useUserData.ts).
  const userData = useUserData(linked, update);
  const state = userData.effective;
  // The teacher's link hides or locks groups of controls.
  const access = (group: ControlGroup) => accessOf(state, group);
  const { i18n, f } = useLanguage(state);
  const { t } = f;
  const [nonce, setNonce] = useState(0);
  // A user's table is a scene of its file and columns, and its data depend on the seed and split.
  const sceneKey = state.scene === 'csv' ? JSON.stringify(pickExperiment(state)) : '';
  const scene = useMemo(
    () =>
      makeScene(
        state.scene,
        state.scene === 'csv'
          ? state
          : { kappa: state.kappa, formula: state.formula, domain: state.domain },
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.scene, state.kappa, state.formula, state.domain, sceneKey],
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
  /** Whether the runs were drawn as they came (a network): their final result then stays at the end. */
  const streamed = useRef(false);
  const { restart, scrub } = playback;
  useEffect(() => {
    // bench/browser.ts reads when the page first rendered and when the first figure was painted.
    if (!appMarked) {
      appMarked = true;
      performance.mark('lr-app-rendered');
    }
  }, []);
  useEffect(() => {
    if (result && !figureMarked) {
      figureMarked = true;
      requestAnimationFrame(() => performance.mark('lr-first-figure'));
    }
  }, [result]);
  useEffect(() => {
    if (result && !played.current) {
      played.current = true;
      // Curves the user has watched grow are not taken back to step 0 when the result arrives.
      if (streamed.current) scrub(steps);
      else restart();
    }
    if (result) streamed.current = false;
  }, [result, restart, scrub, steps]);

  // The classroom: presets by click or key; predictions before verdicts.
  const prediction = usePrediction(state);
  const pickPreset = (id: PresetId) => {
    // A preset's figure unfolds from step 0, as the first one does.
    played.current = false;
    update(applyPreset(state, id));
  };
  // Playback re-renders the page every frame: the preset comparison waits for a new state.
  const activePreset = useMemo(() => presetOf(state, PRESET_IDS), [state]);
  const keys = useLabShortcuts(access, playback, pickPreset);

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
  const frame = useFrame(result, state, scene, display, training.contours, prediction.concealed);
  // Results as they come: a network's losses so far, drawn on the loss chart (and named in the
  // legend) until its final result, which alone has verdicts, a fingerprint and "done".
  const partial = training.partial;
  const streaming = useMemo(
    () =>
      partial && training.status === 'running' && !display.exact && streamsFor(partial, state)
        ? partialFrame(partial, scene, prediction.concealed)
        : undefined,
    [partial, training.status, display.exact, state, scene, prediction.concealed],
  );
  useEffect(() => {
    if (streaming) streamed.current = true;
  }, [streaming]);
  const sceneOpen = access('scene') === 'open';
  const onStart = useCallback(
    (start: readonly number[]) => sceneOpen && update({ start: [...start] }),
    [sceneOpen, update],
  );
  // The contract knows done and running only; a failure is running with data-error, and a notice.
  const done = display.exact && (training.status === 'done' || display.fromGrid);
  const failed = training.status === 'error';
  const status = done ? 'done' : 'running';
  // Sharing and export work from the first exact result: the link is the state, the file names
  // the fingerprint and backend of what it holds.
  const shareable = display.exact && display.fingerprint !== undefined;
  const pending = pendingOf(training, display.exact, state.steps, {
    asked: access('analysis') === 'hidden' || prediction.concealed ? undefined : analysis,
    answered: training.analysis !== undefined || training.analysisError !== undefined,
  });
  const messages = [
    ...training.notices.map((n) => noticeText(n, t)),
    ...training.restarts.map((n) => noticeText(n, t)),
    ...(training.error ? [t('app.trainingFailed', { error: causeText(training.error, t) })] : []),
  ];
  const noticeKey = JSON.stringify([rejected, messages]);
  const announcement = useAnnouncement(result?.runs, status === 'done' && !prediction.concealed, f);

  const page = (
    <div
      className={['app', state.present && 'present', DATA_SCENES.includes(state.scene) && 'data']
        .filter(Boolean)
        .join(' ')}
      data-status={status}
      data-error={failed || undefined}
      // A network trains for seconds, its curves drawn as they come (tests/e2e/streaming.spec.ts).
      data-network={isNetworkScene(state.scene) || undefined}
      // The figure gives the runs' rows the room they need to stay on the first screen.
      style={{ '--runs': state.lrs.length } as CSSProperties}
    >
      <TopBar
        state={state}
        update={update}
        access={access}
        activePreset={activePreset}
        onPreset={pickPreset}
        onShortcuts={() => keys.setHelp(true)}
      />
      <ShortcutsDialog open={keys.help} onClose={() => keys.setHelp(false)} off={keys.off} />
      {dismissed !== noticeKey && (
        <Notices
          rejected={rejected}
          messages={messages}
          onDismiss={() => setDismissed(noticeKey)}
        />
      )}
      <main>
        <Stage
          frame={frame}
          streaming={streaming}
          cursor={prediction.concealed ? 0 : playback.cursor}
          hover={hover}
          onHover={setHover}
          onStart={onStart}
          head={
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
          }
          foot={
            <div className="stage-foot">
              <Gate access={access('playback')}>
                <Playback
                  // While the curves stream they are drawn whole: the step they have reached.
                  steps={streaming ? streaming.steps : steps}
                  cursor={
                    streaming ? Math.min(training.stepsDone, streaming.steps) : playback.cursor
                  }
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
              <StatusLine pending={pending} runs={state.lrs.length} />
            </div>
          }
        />
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
            bands={bands}
            local={local}
            factors={factors}
            validation={
              result && sameSetting(result.experiment, state) ? frame?.validation : undefined
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
        </section>
        <Panels
          state={state}
          linkedScene={linked.scene}
          userData={
            DATA_SCENES.includes(state.scene) || linked.scene === 'csv' ? (
              <Gate access={access('data')}>
                <UserDataPanel linked={linked} update={update} userData={userData} />
              </Gate>
            ) : undefined
          }
          update={update}
          access={access}
          scene={scene}
          bands={bands}
          training={training}
          display={display}
          exact={shareable ? frame : undefined}
          caption={
            shareable && display.fingerprint && training.backend
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
          done={status === 'done'}
          concealed={prediction.concealed}
          cursor={playback.cursor}
          addRun={addRun}
        />
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
