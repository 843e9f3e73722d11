import { describe, expect, it } from 'vitest';
import { pickExperiment } from '../../src/core/experiment';
import { OPTIMIZERS } from '../../src/core/optimizers';
import { ANALYTIC_SCENES } from '../../src/core/scenes/scene';
import { decode } from '../../src/url/codec';
import { PRESET_IDS } from '../../src/url/presets';
import type { Case, CaseResult } from '../gpu/firstResultCheck';
import { runOnDawn } from '../helpers/dawn';
import { acrossRange } from '../helpers/experiments';

/**
 * A WebGPU link's first result, trained by the worker entry on its device without tfjs
 * (src/train/fused/deviceAnalytic.ts), against the training service's on tfjs' WebGPU backend on
 * that same device, in Node on Dawn and SwiftShader (tests/helpers/dawn.ts).
 *
 * Expected: the same message bit for bit, no tolerance. Both dispatch the same WGSL text
 * (advanceWgsl) with the same inputs (fusedRequest's chunks and chunkInput vectors) on the same
 * device, so the same compiler makes the same arithmetic of it; only the declarations around it
 * are written apart (tfjs' shader wrapping, DECLARATIONS). The surface, verdicts and fingerprint
 * are computed from those numbers as on cpu (tests/worker/firstResult.test.ts).
 *
 * Cases: every optimizer on the valley and every analytic scene with Adam, over the scene's whole
 * slider range (diverging runs included), two chunks; and every analytic preset's link. The WGSL
 * of a scene and of an optimizer are written independently (sceneWgsl, OPTIMIZER_WGSL), so each
 * is reached once; the full product costs a shader compile per pair on SwiftShader, with nothing
 * more to find. Last, a device lost in the middle of the entry's training: the entry posts
 * nothing (the service then trains the request, tests/e2e/faults.spec.ts for its side).
 */
const CASES: Case[] = [
  ...OPTIMIZERS.map((o) => ({ name: `valley, ${o}`, experiment: acrossRange('valley', o) })),
  ...ANALYTIC_SCENES.filter((s) => s !== 'valley').map((s) => ({
    name: `${s}, adam`,
    experiment: acrossRange(s, 'adam'),
  })),
  ...PRESET_IDS.map((id) => ({
    name: `preset ${id}`,
    experiment: pickExperiment(decode(`?preset=${id}`).state),
  })).filter((c) => (ANALYTIC_SCENES as readonly string[]).includes(c.experiment.scene)),
];

describe('the first result of a WebGPU link, without tfjs (Dawn, SwiftShader)', () => {
  it('is the service’s WebGPU result on the same device, bit for bit, and nothing when the device is lost', () => {
    const [lost, ...results] = runOnDawn<CaseResult>(
      'tests/gpu/firstResultCheck.ts',
      CASES,
      240_000,
    ).reverse();
    results.reverse();
    expect(results.map((r) => r.name)).toEqual(CASES.map((c) => c.name));
    // A device lost in the middle of the entry's training: nothing posted, the service's turn.
    expect(lost).toEqual({ name: 'device lost mid-run', posted: 0 });
    // lecture, thresholds, plain, momentum, sweep among the presets.
    expect(CASES.filter((c) => c.name.startsWith('preset')).length).toBeGreaterThanOrEqual(5);
    for (const r of results) {
      expect(r.error, r.name).toBeUndefined();
      expect(r.backend, r.name).toBe('webgpu');
      expect(r.host, `${r.name}: the entry answered`).toBeDefined();
      expect(r.differs, r.name).toBeUndefined();
      expect(r.host, r.name).toBe(r.service);
    }
  }, 300_000);
});
