import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/url/state';
import { addRunOutcome } from '../../src/ui/hooks/useAddRun';

describe('a learning rate picked in a panel (the sweep, the range test) becomes a run', () => {
  it('is added as the next run when it is new and there is room', () => {
    expect(addRunOutcome([0.1, 0.5], 'open', 2)).toEqual({ said: 'added', lrs: [0.1, 0.5, 2] });
  });

  it('is not added twice', () => {
    expect(addRunOutcome([0.1, 0.5], 'open', 0.5)).toEqual({ said: 'alreadyRun' });
  });

  it('is not added once the runs are full, however new it is', () => {
    // LIMITS.runs.max distinct rates 1, 2, …, max: one more is refused, one fewer has room.
    const full = Array.from({ length: LIMITS.runs.max }, (_, i) => i + 1);
    expect(addRunOutcome(full, 'open', 0.25)).toEqual({ said: 'runsFull' });
    expect(addRunOutcome(full.slice(1), 'open', 0.25)).toMatchObject({ said: 'added' });
  });

  it('is refused while the teacher’s link locks or hides the learning rates', () => {
    expect(addRunOutcome([0.1], 'locked', 2)).toEqual({ said: 'lrLocked' });
    expect(addRunOutcome([0.1], 'hidden', 2)).toEqual({ said: 'lrLocked' });
  });
});
