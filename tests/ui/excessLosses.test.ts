import { describe, expect, it } from 'vitest';
import { excessLosses } from '../../src/ui/runInputs';

describe('the loss chart’s L − L*', () => {
  it('is the loss itself where the scene’s lowest loss is 0', () => {
    const losses = Float32Array.from([3, 1e-30, 0]);
    expect(excessLosses(losses, 0)).toBe(losses);
  });

  it('reads an excess within float32 rounding of L* as the bottom, and keeps the rest', () => {
    // L* = −1.54: ⌊log₂ 1.54⌋ = 0, so one ulp of float32 there is 2⁻²³ ≈ 1.19e-7 and the
    // resolution is four of them, ≈ 4.77e-7. ±1e-7 and ±4e-7 are below it (0); 1e-6 and 1e-3 are
    // real heights, kept to float64 subtraction's rounding; NaN stays NaN (a run that failed).
    const floor = -1.54;
    const got = Array.from(
      excessLosses(
        [floor + 1e-7, floor - 1e-7, floor + 4e-7, floor + 1e-6, floor + 1e-3, NaN],
        floor,
      ),
    );
    expect(got.slice(0, 3)).toEqual([0, 0, 0]);
    expect(got[3]).toBeCloseTo(1e-6, 12);
    expect(got[4]).toBeCloseTo(1e-3, 12);
    expect(got[5]).toBeNaN();
  });

  it('scales the resolution with |L*|', () => {
    // L* = −300: ⌊log₂ 300⌋ = 8, ulp = 2⁻¹⁵ ≈ 3.05e-5, resolution ≈ 1.22e-4: 1e-4 is rounding,
    // 2e-4 is not.
    const got = Array.from(excessLosses([-300 + 1e-4, -300 + 2e-4], -300));
    expect(got[0]).toBe(0);
    expect(got[1]).toBeCloseTo(2e-4, 9);
  });
});
