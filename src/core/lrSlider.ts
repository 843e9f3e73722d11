/** Slider positions are log10(η) in steps of this size (≈ 2.3 % per step). */
export const SLIDER_STEP = 0.01;

/** The learning rate at a slider position, rounded to 3 significant digits so links stay short. */
export function lrFromSlider(position: number): number {
  return Number((10 ** position).toPrecision(3));
}

export function sliderFromLr(lr: number): number {
  return Math.log10(lr);
}

/**
 * Every learning rate the slider can produce over a scene's range [lo, hi] of log10(η): the
 * positions lo, lo + SLIDER_STEP, …, hi. Training them all as one batch lets a slider move show
 * its run without waiting for a new training request.
 */
export function sliderLrs([lo, hi]: readonly [number, number]): number[] {
  const count = Math.round((hi - lo) / SLIDER_STEP) + 1;
  return Array.from({ length: count }, (_, i) => lrFromSlider(lo + i * SLIDER_STEP));
}
