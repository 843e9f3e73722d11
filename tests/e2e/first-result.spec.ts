import { expect, test, type Page } from '@playwright/test';
import { LECTURE_VERDICTS, openLab, readFingerprint, rows, watchPage } from './helpers';

/**
 * The first figure before tfjs has loaded (src/worker/firstResult.ts): the worker entry trains an
 * analytic link's first request on the host (cpu, wasm) or on its WebGPU device (webgpu), from the
 * request its name carries (src/protocol/workerName.ts), and the training service, once loaded,
 * trains it again and drops its own copy when it is the same bit for bit. Seen from the page: one
 * result per request, arriving before the service announces itself (its `pong`), with the same
 * fingerprint the service gives the link (a second request, a Reset, is the service's alone).
 *
 * Playwright's own `test`: the page's messages from the worker are recorded, and `auto`'s probe
 * message can be held back, by a script that must run before the page's, which a shared tab
 * could not drop again (tests/e2e/sharedTab.ts).
 */
interface Seen {
  readonly type: string;
  readonly gen?: number;
}

interface Recorder {
  __seen: Seen[];
  /**
   * While true, what the worker says after its first result waits in __held: the probe's answer
   * (a `probe` message, or a result trained again on the backend it chose) and all else.
   */
  __hold: boolean;
  __held: { readonly type: string; readonly deliver: () => void }[];
}

const HOLD = 'lr-lab-test:hold-after-first-result';

test.beforeEach(async ({ page }) => {
  await page.addInitScript((hold) => {
    const w = window as unknown as Recorder;
    w.__seen = [];
    // A test holds the messages for the pages it opens next in this tab's session storage.
    w.__hold = sessionStorage.getItem(hold) === '1';
    w.__held = [];
    let answered = false;
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(...args: ConstructorParameters<typeof Worker>) {
        super(...args);
        this.addEventListener('message', (e: MessageEvent<Seen>) =>
          w.__seen.push({ type: e.data.type, gen: e.data.gen }),
        );
      }

      // The client listens through `onmessage` (src/worker/client.ts).
      override set onmessage(handler: ((e: MessageEvent<Seen>) => void) | null) {
        super.onmessage =
          handler &&
          ((e: MessageEvent<Seen>) => {
            if (w.__hold && answered) {
              w.__held.push({ type: e.data.type, deliver: () => handler(e) });
              return;
            }
            if (e.data.type === 'result') answered = true;
            handler(e);
          });
      }

      override get onmessage() {
        return super.onmessage;
      }
    };
  }, HOLD);
});

const seen = (page: Page) => page.evaluate(() => (window as unknown as Recorder).__seen);

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

test('a network preset with auto starts on wasm, shareable from its first result while the probe runs', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const watched = watchPage(page);
  // What comes after the first result is held back, the probe's answer among it, so the page is
  // in that state whatever its speed here.
  await page.goto('./favicon.svg');
  await page.evaluate((key) => sessionStorage.setItem(key, '1'), HOLD);
  await openLab(page, 'preset=overfit');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  // Export (it names the fingerprint and backend of what it holds) works from the first result,
  // while the status line says the probe is still running.
  await expect(page.locator('.status-line')).toHaveAttribute('data-pending', 'finishing');
  const exports = page.locator('button[data-export]');
  expect(await exports.count()).toBeGreaterThan(0);
  for (const b of await exports.all()) await expect(b).toBeEnabled();
  // The probe's answer, let through with the rest, ends it.
  const held = () => page.evaluate(() => (window as unknown as Recorder).__held.map((m) => m.type));
  await expect
    .poll(async () => (await held()).some((t) => t === 'probe' || t === 'result'), {
      timeout: 120_000,
    })
    .toBe(true);
  await page.evaluate(() => {
    const w = window as unknown as Recorder;
    w.__hold = false;
    for (const m of w.__held.splice(0)) m.deliver();
  });
  await expect(page.locator('.status-line')).toHaveAttribute('data-pending', 'done');
  expect(watched.errors).toEqual([]);
});
