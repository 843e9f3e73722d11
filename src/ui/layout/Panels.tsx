import type { ReactNode } from 'react';
import type { CursorSource } from '../hooks/useCursor';
import type { Scene, SceneId } from '../../core/scenes';
import { DATA_SCENES } from '../../core/scenes/linreg';
import type { StabilityBands } from '../../core/stability';
import { pickExperiment } from '../../core/experiment';
import { PALETTE_COLORS } from '../../charts/palette';
import { runStyles } from '../../charts/runStyles';
import type { Access, ControlGroup } from '../../url/classroom';
import type { LabState } from '../../url/state';
import { AnalysisPanel } from '../components/AnalysisPanel';
import { BackendPanel } from '../components/BackendPanel';
import { Controls } from '../components/Controls';
import { DataControls } from '../components/DataControls';
import { ExportPanel } from '../components/ExportPanel';
import { Gate } from '../components/Gate';
import { KFoldView } from '../components/KFoldView';
import { OptimizerControls } from '../components/OptimizerControls';
import { ReproCheck } from '../components/ReproCheck';
import { sameSetting, type DisplayRuns } from '../displayRuns';
import type { FigureCaption } from '../figure/caption';
import type { Training } from '../hooks/useTraining';
import type { Frame } from '../runInputs';
import { QrDialog } from '../share/QrDialog';
import { useFormat } from '../format';

interface Props {
  state: LabState;
  /** The link's scene, shown as chosen even while a user's file it names is still missing. */
  linkedScene?: SceneId;
  /** Your own data: the file input and column choice (src/ui/components/UserDataPanel.tsx). */
  userData?: ReactNode;
  update: (change: Partial<LabState>) => void;
  access: (group: ControlGroup) => Access;
  scene: Scene;
  bands: StabilityBands | undefined;
  training: Training & Parameters<typeof ReproCheck>[0]['training'];
  display: DisplayRuns;
  /** The figure as drawn, once every run on it is exact (what the exports save). */
  exact: Frame | undefined;
  caption: FigureCaption | undefined;
  /** Everything is computed: the reproducibility panels may compare. */
  done: boolean;
  concealed: boolean;
  /** The playback cursor (a data scene's minibatch strip and the k-fold chart draw it). */
  cursor: CursorSource;
  addRun: (lr: number) => void;
}

/**
 * Everything under the figure and the runs: the analysis panels, the experiment's settings,
 * sharing and export, and the panels for the curious (backend, reproducibility).
 */
export function Panels(props: Props) {
  const { state, update, access, scene, bands, training, display, concealed } = props;
  const { t } = useFormat();
  const result = training.result;
  const own = result && sameSetting(result.experiment, state) ? result : undefined;
  const styles = runStyles(
    display.runs.map((r) => r?.verdict.kind),
    PALETTE_COLORS[state.palette],
  );
  return (
    <div className="panels">
      <Gate access={access('analysis')}>
        {concealed ? (
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
            addRun={props.addRun}
            runStyles={styles}
          />
        )}
      </Gate>
      <Controls state={state} update={update} access={access} shownScene={props.linkedScene} />
      <QrDialog />
      <Gate access={access('optimizer')}>
        <OptimizerControls state={state} update={update} />
      </Gate>
      {own?.kfold && (
        <KFoldView
          kfold={own.kfold}
          lrs={own.experiment.lrs}
          steps={own.experiment.steps}
          cursor={props.cursor}
          onUse={(lr) => update({ folds: 0, lrs: [lr] })}
        />
      )}
      {props.userData}
      {DATA_SCENES.includes(state.scene) && (
        <Gate access={access('data')}>
          <DataControls state={state} update={update} data={own?.data} cursor={props.cursor} />
        </Gate>
      )}
      {/* Exports carry the verdicts: not while the class is still predicting them. */}
      {!concealed && (
        <ExportPanel frame={props.exact} sceneId={state.scene} caption={props.caption} />
      )}
      <Gate access={access('backend')}>
        <BackendPanel
          training={training}
          fingerprint={props.done ? display.fingerprint : undefined}
          fromGrid={display.fromGrid}
        />
      </Gate>
      <ReproCheck
        training={training}
        experiment={pickExperiment(state)}
        runs={props.done ? display.runs : undefined}
        fingerprint={props.done ? display.fingerprint : undefined}
      />
    </div>
  );
}
