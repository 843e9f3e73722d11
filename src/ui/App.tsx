import { useMemo, useState, type CSSProperties } from 'react';
import { I18nextProvider } from 'react-i18next';
import { sceneBands } from '../core/stability';
import { applyPreset } from '../url/codec';
import type { PresetId } from '../url/presets';
import { DATA_SCENES } from '../core/scenes/linreg';
import { isNetworkScene } from '../core/scenes/cars';
import { Gate } from './components/Gate';
import { UserDataPanel } from './components/UserDataPanel';
import { useAddRun } from './hooks/useAddRun';
import { useAnnouncement } from './hooks/useAnnouncement';
import { useFigure } from './hooks/useFigure';
import { useLab } from './hooks/useLab';
import { usePageMarks } from './hooks/usePageMarks';
import { usePrediction } from './hooks/usePrediction';
import { useResultPlayback } from './hooks/useResultPlayback';
import { useTraining } from './hooks/useTraining';
import { FigureArea } from './layout/FigureArea';
import { LabNotices } from './layout/LabNotices';
import { LazyPanels } from './layout/LazyPanels';
import { PageFrame } from './layout/PageFrame';
import { RunsArea } from './layout/RunsArea';
import { TopBar } from './layout/TopBar';
import { FormatContext } from './format';
import { PaletteContext } from './palette';

/**
 * The lab: URL → parameters → worker → frames → charts → screen. The parameters come from the link
 * (useLab), the worker trains them (useTraining), its answers become the figure (useFigure) and
 * its playback; the page lays them out as the top bar, the notices, the figure area, the runs,
 * then the panels.
 */
export function App() {
  const { linked, rejected, update, userData, state, access, i18n, f, scene, analysis } = useLab();
  // Playback's reset trains the same parameters again.
  const [nonce, setNonce] = useState(0);
  const training = useTraining(state, nonce, analysis);
  // The classroom: predictions before verdicts.
  const prediction = usePrediction(state);
  const { concealed } = prediction;
  const figure = useFigure(state, scene, training, concealed, f);
  const result = training.result;
  usePageMarks(result, figure.streaming !== undefined);
  const playback = useResultPlayback(result, figure.steps, figure.streaming);
  const { said, addRun } = useAddRun(state, access, update, f);
  const bands = useMemo(() => sceneBands(scene, state), [scene, state]);
  const done = figure.status === 'done';
  const announcement = useAnnouncement(
    result?.runs,
    figure.frame?.validation,
    done && !concealed,
    f,
  );
  const pickPreset = (id: PresetId) => {
    // A preset's figure unfolds from step 0, as the first one does.
    playback.fromStart();
    update(applyPreset(state, id));
  };

  const page = (
    // Done once the figure is final and the panels are drawn (PageFrame).
    <PageFrame
      className={['app', state.present && 'present', DATA_SCENES.includes(state.scene) && 'data']
        .filter(Boolean)
        .join(' ')}
      done={done}
      failed={figure.failed}
      network={isNetworkScene(state.scene)}
      shown={training.shown}
      // The figure gives the runs' rows the room they need to stay on the first screen.
      style={{ '--runs': state.lrs.length } as CSSProperties}
    >
      <TopBar {...{ state, update, access, playback }} onPreset={pickPreset} />
      <LabNotices rejected={rejected} training={training} f={f} />
      <main>
        <FigureArea
          {...{ state, update, access, figure, playback, training, analysis, concealed, f }}
          onReset={() => setNonce((n) => n + 1)}
        />
        <RunsArea
          {...{ state, update, access, scene, bands, prediction, said, result }}
          display={figure.display}
          frame={figure.frame}
        />
        <LazyPanels
          {...{ state, update, access, scene, bands, training, concealed, addRun }}
          linkedScene={linked.scene}
          userData={
            DATA_SCENES.includes(state.scene) || linked.scene === 'csv' ? (
              <Gate access={access('data')}>
                <UserDataPanel linked={linked} update={update} userData={userData} />
              </Gate>
            ) : undefined
          }
          display={figure.display}
          exact={figure.exact}
          caption={figure.caption}
          done={done}
          cursor={playback.cursor}
        />
        <p className="visually-hidden" aria-live="polite" data-testid="verdict-announcer">
          {announcement}
        </p>
      </main>
    </PageFrame>
  );
  return (
    <I18nextProvider i18n={i18n}>
      <FormatContext.Provider value={f}>
        <PaletteContext.Provider value={state.palette}>{page}</PaletteContext.Provider>
      </FormatContext.Provider>
    </I18nextProvider>
  );
}
