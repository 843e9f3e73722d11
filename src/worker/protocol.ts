import type { ContourPath } from '../charts/contourPaths';
import type { Experiment } from '../core/experiment';
import type { BackendName, ProbeTimes } from '../train/backend';
import type { ExperimentResult } from '../train/experiment';
import type { SliderGrid } from '../train/sliderGrid';
import type { BackendChoice } from '../url/state';

/** Main thread → worker. `gen` numbers requests; only the latest one is worked on or answered. */
export type ToWorker = {
  readonly type: 'train';
  readonly gen: number;
  readonly experiment: Experiment;
  readonly backend: BackendChoice;
  /** For `auto`: a backend a probe on this device already found fastest for this scene. */
  readonly remembered?: BackendName;
};

export interface BackendReport {
  readonly name: BackendName;
  readonly reason: string;
  readonly probe?: ProbeTimes;
}

/** Worker → main thread. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly gen: number; readonly stepsDone: number }
  | {
      readonly type: 'result';
      readonly gen: number;
      /** A quick first result on cpu while `auto` measures the backends; the final one follows. */
      readonly provisional?: boolean;
      /** The backend choice of the request this answers. */
      readonly choice: BackendChoice;
      readonly backend: BackendReport;
      readonly notices: readonly string[];
      readonly result: ExperimentResult;
      /** For a 2-D surface: its contour lines for the standard figure size, traced in the worker. */
      readonly contours?: ContourPath[];
    }
  | {
      /** Every slider position trained on the same backend, for instant previews of slider moves. */
      readonly type: 'grid';
      readonly gen: number;
      readonly backend: BackendName;
      /** The backend choice of the request it was trained for. */
      readonly choice: BackendChoice;
      readonly grid: SliderGrid;
      /** Rows are bit for bit the runs a request would train (GRID_EXACT_BACKENDS). */
      readonly exact: boolean;
    }
  | { readonly type: 'error'; readonly gen: number; readonly message: string };
