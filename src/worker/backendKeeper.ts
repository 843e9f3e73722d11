import type { BackendName } from '../core/backends';
import { SCENE_KIND, type SceneKind } from '../protocol/backends';
import type { BackendReport, ExperimentRequest } from '../protocol/messages';
import type { Notice } from '../protocol/notices';
import {
  FIRST_CHOICE,
  startBackend,
  startForced,
  type BackendChoiceResult,
  type BackendPick,
  whenDeviceLost,
} from '../train/backend';
import type { TF } from '../train/tf';

/**
 * What `ensure` will do for a request, decided without side effects: keep the active backend,
 * start a forced one, trust the choice this page remembered for the scene (so a reload trains on
 * the same backend and gives the same fingerprint), reuse this worker's probe for the kind of
 * scene, or start the kind's first choice at once and probe the others later.
 */
type Plan =
  | { kind: 'keep' }
  | { kind: 'forced'; name: BackendName }
  | { kind: 'known'; chosen: BackendChoiceResult }
  | { kind: 'remembered'; name: BackendName; fused: boolean }
  | { kind: 'first'; pick: BackendPick };

/** The backend in use, and the notices its choice gave (repeated with every result it trains). */
interface Active {
  readonly key: string;
  readonly report: BackendReport;
  readonly notices: Notice[];
}

/** Which backend a request asks for: a forced one, or `auto`'s choice for the request's scene. */
const keyOf = (msg: ExperimentRequest) =>
  msg.backend === 'auto' ? `auto/${msg.experiment.scene}` : msg.backend;

/**
 * The worker's backends, shared by every kind of request: the one started and in use, those that
 * failed (never tried again in this worker), what this worker's own probe found per kind of scene,
 * and the notices of faults seen between requests.
 */
export class BackendKeeper {
  private readonly broken = new Set<BackendName>();
  /** What this worker's own probe found, per kind of scene. */
  private readonly probed = new Map<SceneKind, BackendChoiceResult>();
  private active: Active | undefined;
  /** Notices of faults seen between requests, shown with the next result. */
  private readonly pending: Notice[] = [];

  constructor(private readonly tf: TF) {}

  /** The report of the backend in use, if one is. */
  get current(): BackendReport | undefined {
    return this.active?.report;
  }

  isBroken(name: BackendName): boolean {
    return this.broken.has(name);
  }

  /** The notices of faults seen since the last request took them. */
  takeNotices(): Notice[] {
    return this.pending.splice(0);
  }

  /**
   * Training failed on `name`: it is not used again, and the next request starts another. The
   * fault's own notice, if the device watcher wrote one, says less than the caller's.
   */
  trainingFailed(name: BackendName): void {
    this.broken.add(name);
    this.active = undefined;
    this.pending.splice(0);
  }

  /** Forgets the backend in use: the next request chooses again. */
  drop(): void {
    this.active = undefined;
  }

  /** `auto`'s probe chose for the request's kind of scene: later requests of that kind use it. */
  adopt(msg: ExperimentRequest, chosen: BackendChoiceResult, report: BackendReport): void {
    this.probed.set(SCENE_KIND[msg.experiment.scene], chosen);
    this.active = { key: keyOf(msg), report, notices: [] };
  }

  private plan(msg: ExperimentRequest): Plan {
    const { active, broken } = this;
    if (
      active?.key === keyOf(msg) &&
      this.tf.getBackend() === active.report.name &&
      !broken.has(active.report.name)
    )
      return { kind: 'keep' };
    if (msg.backend !== 'auto') return { kind: 'forced', name: msg.backend };
    const known = this.probed.get(SCENE_KIND[msg.experiment.scene]);
    const usable = known && !broken.has(known.name) ? known : undefined;
    if (msg.remembered && !broken.has(msg.remembered)) {
      const fused = msg.rememberedFused ?? true;
      // The page remembers what this worker's probe chose: its report keeps the probe's numbers.
      if (usable?.name === msg.remembered && (usable.fused ?? true) === fused) {
        return { kind: 'known', chosen: usable };
      }
      return { kind: 'remembered', name: msg.remembered, fused };
    }
    if (usable) return { kind: 'known', chosen: usable };
    return { kind: 'first', pick: FIRST_CHOICE[SCENE_KIND[msg.experiment.scene]] };
  }

  /** The first choice, or cpu where it cannot start (cpu always can, unless marked broken). */
  private async startFirst(pick: BackendPick): Promise<BackendChoiceResult | undefined> {
    for (const name of [pick.backend, 'cpu'] as const) {
      if (this.broken.has(name) || !(await startBackend(this.tf, name))) continue;
      return { name, reason: { code: 'first' }, notices: [], fused: pick.fused };
    }
    return undefined;
  }

  /** Starts the backend a request trains on (see Plan) and says how it was chosen. */
  async ensure(msg: ExperimentRequest): Promise<{ report: BackendReport; notices: Notice[] }> {
    const { tf, broken } = this;
    const p = this.plan(msg);
    if (p.kind === 'keep' && this.active) {
      return { report: this.active.report, notices: this.active.notices };
    }
    let chosen: BackendChoiceResult | undefined;
    if (p.kind === 'forced') chosen = await startForced(tf, p.name, broken);
    if (p.kind === 'known' && (await startBackend(tf, p.chosen.name))) chosen = p.chosen;
    if (p.kind === 'remembered' && (await startBackend(tf, p.name))) {
      chosen = {
        name: p.name,
        reason: { code: p.fused ? 'rememberedFused' : 'remembered' },
        notices: [],
        fused: p.fused,
      };
    }
    const first = !chosen && msg.backend === 'auto';
    if (first) chosen = await this.startFirst(FIRST_CHOICE[SCENE_KIND[msg.experiment.scene]]);
    if (!chosen) chosen = await startForced(tf, 'cpu', broken);
    // A forced backend trains fused where a kernel applies: the same runs in fewer dispatches (bit
    // for bit on cpu for the analytic scenes, within the tested tolerance for the network); only
    // `auto` measures whether that is really faster here.
    const report: BackendReport = {
      name: chosen.name,
      reason: chosen.reason,
      probe: chosen.probe,
      fused: chosen.fused ?? true,
      ...(chosen.pairs ? { pairs: chosen.pairs } : {}),
      ...(chosen.emulated?.length ? { emulated: chosen.emulated } : {}),
      ...(first ? { probeLater: true } : {}),
    };
    this.active = { key: keyOf(msg), report, notices: [...chosen.notices] };
    this.watchDevice(chosen.name);
    return { report, notices: this.active.notices };
  }

  /**
   * A GPU device can be lost while the worker is idle: the backend is marked broken at once, so the
   * next request starts on the next backend instead of failing on a dead device first.
   */
  private watchDevice(name: BackendName): void {
    void whenDeviceLost(this.tf)?.then((why) => {
      if (this.broken.has(name)) return;
      this.broken.add(name);
      if (this.active?.report.name === name) this.active = undefined;
      this.pending.push({
        code: 'deviceLost',
        backend: name,
        ...(why === undefined ? {} : { why }),
      });
    });
  }
}
