import { expect, test } from './sharedTab';
import { openLab, waitDone, watchPage } from './helpers';

/**
 * The GPU half of the soak (the Node soak, tests/worker/soak.test.ts, covers every scene on cpu and
 * wasm with the heap): 10,000 steps on WebGPU in five trainings of 2000 steps, each a new seed.
 * After the first, the tensors and the WebGPU buffers in use between trainings must not change.
 */
for (const scene of ['valley', 'quadratic'] as const) {
  test(`soak on webgpu, ${scene}: 10,000 steps, tensors and GPU buffers flat`, async ({ page }) => {
    test.setTimeout(600_000);
    const watched = watchPage(page);
    const memory = page.getByTestId('memory');
    const read = async () => ({
      tensors: await memory.getAttribute('data-tensors'),
      buffers: await memory.getAttribute('data-gpu-buffers'),
    });
    await openLab(page, `backend=webgpu&scene=${scene}&steps=2000&seed=1`);
    await expect(page.getByTestId('backend')).toHaveText('webgpu');
    const first = await read();
    expect(first.tensors).toMatch(/^\d+$/);
    expect(first.buffers).toMatch(/^\d+$/);
    const seed = page.getByLabel('Seed', { exact: true });
    for (let s = 2; s <= 6; s++) {
      await seed.fill(String(s));
      await seed.press('Enter');
      // The new seed is in the state (so no longer `done`) once it is in the link.
      await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe(String(s));
      await waitDone(page);
      expect(await read()).toEqual(first);
    }
    await expect(page.getByTestId('backend')).toHaveText('webgpu');
    expect(watched.errors).toEqual([]);
  });
}
