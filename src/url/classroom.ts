/**
 * The groups of controls a teacher can hide (`hide=`) or lock (`lock=`) through the link, as
 * TensorFlow Playground's `*_hide` fields, so students see and change only what the lesson needs.
 *
 * - presets: the presets bar (and the digit shortcuts);
 * - scene: scene, κ, steps, seed, gradient noise, the start point;
 * - lr: each run's learning-rate slider and exact value, adding and removing runs;
 * - optimizer: optimizer, its hyper-parameters and the schedule;
 * - data: the data scenes' split, loader, network size and k-fold;
 * - analysis: the sharpness, sweep and range-test panels;
 * - playback: play, pause, step, reset and the scrubber (and their shortcuts);
 * - backend: the backend choice and the backend panel.
 */
export const CONTROL_GROUPS = [
  'presets',
  'scene',
  'lr',
  'optimizer',
  'data',
  'analysis',
  'playback',
  'backend',
] as const;
export type ControlGroup = (typeof CONTROL_GROUPS)[number];

/** How a group is offered: usable, shown but disabled, or not there at all. */
export type Access = 'open' | 'locked' | 'hidden';

/**
 * When the runs' verdicts are shown: `always`, or `vote` (predict, then reveal): hidden until every
 * run has a prediction or the teacher reveals them.
 */
export const REVEAL_MODES = ['always', 'vote'] as const;
export type RevealMode = (typeof REVEAL_MODES)[number];

/** A group's access in a state: hiding wins over locking. */
export function accessOf(
  state: { readonly hide: readonly ControlGroup[]; readonly lock: readonly ControlGroup[] },
  group: ControlGroup,
): Access {
  if (state.hide.includes(group)) return 'hidden';
  if (state.lock.includes(group)) return 'locked';
  return 'open';
}
