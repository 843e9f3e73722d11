/** Slider positions are log10(η) in steps of this size (≈ 2.3 % per step). */
export const SLIDER_STEP = 0.01;

/** The learning rate at a slider position, rounded to 3 significant digits so links stay short. */
export function lrFromSlider(position: number): number {
  return Number((10 ** position).toPrecision(3));
}

export function sliderFromLr(lr: number): number {
  return Math.log10(lr);
}
