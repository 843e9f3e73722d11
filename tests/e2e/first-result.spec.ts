import { expect, test } from '@playwright/test';
import { LECTURE_VERDICTS, openLab, readFingerprint, rows, watchPage } from './helpers';

/**
 * The first figure before tfjs has loaded (src/worker/firstResult.ts): the worker entry trains an
 * analytic link's first request on the host (cpu, wasm) or on its WebGPU device (webgpu), from the
 * request its name carries (src/protocol/workerName.ts), and the training service, once loaded,
 * trains it again and drops its own copy when it is the same bit for bit. Seen from the page: one
 * result per request, arriving before the service announces itself (its `pong`), with the same
 * fingerprint the service gives the link (a second request, a Reset, is the service's alone).
 *
 * Playwright's own `test`: the messages are recorded by a script that must run before the page's,
 * which a shared tab could not drop again (tests/e2e/sharedTab.ts).
 */
interface Seen {
  readonly type: string;
  readonly gen?: number;
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __seen: Seen[] };
    w.__seen = [];
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(...args: ConstructorParameters<typeof Worker>) {
        super(...args);
        this.addEventListener('message', (e: MessageEvent<Seen>) =>
          w.__seen.push({ type: e.data.type, gen: e.data.gen }),
        );
      }
    };
  });
});

const seen = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen);

for (const backend of ['webgpu', 'wasm', 'cpu'] as const) {
  test(`?backend=${backend}: the first result comes before tfjs, once, and the service agrees`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const watched = watchPage(page);
    await openLab(page, `backend=${backend}`);
    await expect(page.getByTestId('backend')).toHaveText(backend);
    expect((await rows(page)).map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
    const first = await readFingerprint(page);
    // The service has loaded and trained the request too: the slider grid follows its result.
    await expect.poll(async () => (await seen(page)).some((m) => m.type === 'grid')).toBe(true);
    const messages = await seen(page);
    const results = messages.filter((m) => m.type === 'result');
    expect(results, JSON.stringify(messages)).toEqual([{ type: 'result', gen: 1 }]);
    expect(
      messages.findIndex((m) => m.type === 'result'),
      'the result came before the service loaded',
    ).toBeLessThan(messages.findIndex((m) => m.type === 'pong'));
    // The service's own training of the same link: the same fingerprint.
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect
      .poll(async () => (await seen(page)).filter((m) => m.type === 'result').length)
      .toBe(2);
    expect(await readFingerprint(page)).toBe(first);
    expect(watched.errors).toEqual([]);
  });
}
