import { expect, test, type Page } from '@playwright/test';
import { openLab, rows, VERDICT_KINDS, watchPage } from './helpers';

/**
 * Hand-picked bad links. Each must name what it rejected in the notice, keep the page free of
 * uncaught errors and dialogs, and still show a working figure from the defaults.
 */
const CASES: { name: string; query: string; rejects: string; shows?: string }[] = [
  { name: 'lr=abc', query: 'lr=abc', rejects: 'lr' },
  { name: 'lr=1e9 (above the limit)', query: 'lr=1e9', rejects: 'lr' },
  { name: 'lr=NaN', query: 'lr=NaN', rejects: 'lr' },
  { name: 'lr=-1', query: 'lr=-1', rejects: 'lr' },
  { name: 'lr= (empty)', query: 'lr=', rejects: 'lr' },
  { name: 'lr with one bad entry', query: 'lr=0.5,abc', rejects: 'lr' },
  { name: 'nine learning rates (at most 8)', query: 'lr=1,2,3,4,5,6,7,8,9', rejects: 'lr' },
  { name: 'bad percent-encoding', query: 'lr=%E0%A4%A', rejects: 'lr' },
  { name: 'steps=-5', query: 'steps=-5', rejects: 'steps' },
  { name: 'steps=99999999', query: 'steps=99999999', rejects: 'steps' },
  { name: 'steps=1.5', query: 'steps=1.5', rejects: 'steps' },
  // Shown back as text, never as markup.
  {
    name: 'scene=<script>',
    query: 'scene=<script>alert(1)</script>',
    rejects: 'scene',
    shows: '<script>alert(1)</script>',
  },
  { name: 'backend=metal', query: 'backend=metal', rejects: 'backend' },
  { name: 'v=99', query: 'v=99', rejects: 'v' },
  // Versions 1 and 2 are read; any other is refused with the notice.
  { name: 'v=3', query: 'v=3', rejects: 'v' },
  { name: 'v=abc', query: 'v=abc', rejects: 'v' },
  { name: '__proto__[x]=1', query: '__proto__[x]=1', rejects: '__proto__[x]' },
  { name: 'seed=1e400', query: 'seed=1e400', rejects: 'seed' },
  { name: 'kappa=0', query: 'kappa=0', rejects: 'kappa' },
  { name: 'noise=Infinity', query: 'noise=Infinity', rejects: 'noise' },
  { name: 'a 6000-character query', query: `lr=0.5&pad=${'a'.repeat(6000)}`, rejects: 'link' },
  { name: 'opt=sgdx', query: 'opt=sgdx', rejects: 'opt' },
  { name: 'beta=1 (momentum that never forgets)', query: 'beta=1', rejects: 'beta' },
  { name: 'eps=0', query: 'eps=0', rejects: 'eps' },
  { name: 'sched=linear', query: 'sched=linear', rejects: 'sched' },
  { name: 'start with two numbers on a 1-D scene', query: 'start=1,2', rejects: 'start' },
  { name: 'start=NaN', query: 'start=NaN', rejects: 'start' },
  { name: 'sweep=100000', query: 'sweep=100000', rejects: 'sweep' },
  { name: 'panel=<img>', query: 'panel=<img src=x onerror=alert(1)>', rejects: 'panel' },
  { name: 'lr=0x10 (hex)', query: 'lr=0x10', rejects: 'lr' },
  {
    name: 'two thousand learning rates',
    query: `lr=${Array.from({ length: 2000 }, (_, i) => (i + 1) / 1000).join(',')}`,
    rejects: 'link',
  },
  { name: 'lr=-0', query: 'lr=-0', rejects: 'lr' },
  { name: 'lr=%00', query: 'lr=%00', rejects: 'lr' },
  { name: 'seed=-1', query: 'seed=-1', rejects: 'seed' },
  { name: 'seed=1.5', query: 'seed=1.5', rejects: 'seed' },
  { name: 'steps= (empty)', query: 'steps=', rejects: 'steps' },
  { name: 'kappa=1e9', query: 'kappa=1e9', rejects: 'kappa' },
  { name: 'kappa=NaN', query: 'kappa=NaN', rejects: 'kappa' },
  { name: 'noise=-0.1', query: 'noise=-0.1', rejects: 'noise' },
  { name: 'scene= (empty)', query: 'scene=', rejects: 'scene' },
  { name: 'scene=__proto__', query: 'scene=__proto__', rejects: 'scene' },
  {
    name: 'opt=<svg onload>',
    query: 'opt=<svg onload=alert(1)>',
    rejects: 'opt',
    shows: '<svg onload=alert(1)>',
  },
  { name: 'b1=1 (never forgets)', query: 'b1=1', rejects: 'b1' },
  { name: 'b2=2', query: 'b2=2', rejects: 'b2' },
  { name: 'wd=-1', query: 'wd=-1', rejects: 'wd' },
  { name: 'gamma=0', query: 'gamma=0', rejects: 'gamma' },
  { name: 'every=0', query: 'every=0', rejects: 'every' },
  { name: 'warmup=1e9', query: 'warmup=1e9', rejects: 'warmup' },
  { name: 'split with two parts', query: 'split=0.5,0.5', rejects: 'split' },
  { name: 'split adding up to 2.7', query: 'split=0.9,0.9,0.9', rejects: 'split' },
  { name: 'batch=-1', query: 'batch=-1', rejects: 'batch' },
  { name: 'kfold=1', query: 'kfold=1', rejects: 'kfold' },
  { name: 'width=1000 (a network too big for a tab)', query: 'width=1000', rejects: 'width' },
  { name: 'depth=9', query: 'depth=9', rejects: 'depth' },
  { name: 'slice=svd', query: 'slice=svd', rejects: 'slice' },
  { name: 'metric=worst', query: 'metric=worst', rejects: 'metric' },
  { name: 'smin=0', query: 'smin=0', rejects: 'smin' },
  {
    name: 'constructor[prototype][x]=1',
    query: 'constructor[prototype][x]=1',
    rejects: 'constructor[prototype][x]',
  },
];

/**
 * One tab per worker serves every case, as a user pastes one link after another: each case is a
 * full navigation to its link (a new document, a new training worker), and only what the browser
 * keeps across navigations carries over — the `auto` backend the first case's probe stored
 * (src/ui/rememberedBackend.ts), so later cases skip the probe's seconds of shader compilation. A
 * failed case ends the worker, and the next case opens a new tab.
 */
let page: Page;
test.beforeAll(async ({ browser }, info) => {
  page = await browser.newPage({ baseURL: info.project.use.baseURL });
});
test.afterAll(async () => {
  await page.context().close();
});
test.afterEach(() => {
  // Each case watches the tab with its own listeners (watchPage); drop them with the case.
  page.removeAllListeners('pageerror');
  page.removeAllListeners('dialog');
});

for (const c of CASES) {
  test(`malformed link: ${c.name}`, async () => {
    const watched = watchPage(page);
    await openLab(page, c.query);

    const notice = page.locator('[data-testid=notice]');
    await expect(notice).toBeVisible();
    const named = await notice.locator('code').allTextContents();
    expect(named).toContain(c.rejects);
    if (c.shows) expect(await notice.textContent()).toContain(c.shows);

    // A working figure from the defaults: four finished runs with real verdicts, both charts drawn.
    const got = await rows(page);
    expect(got).toHaveLength(4);
    for (const r of got) expect(VERDICT_KINDS).toContain(r.verdict);
    await expect(page.locator('svg[data-testid=surface-chart] g[data-run]')).toHaveCount(4);
    await expect(page.locator('svg[data-testid=loss-chart] g[data-run]')).toHaveCount(4);

    // Nothing from the link ran or leaked: no errors, no dialogs, no injected elements, no pollution.
    expect(watched.errors).toEqual([]);
    expect(watched.dialogs).toEqual([]);
    expect(await page.locator('main script, [data-testid=notice] script').count()).toBe(0);
    expect(
      await page.evaluate(() => Object.prototype.hasOwnProperty.call(Object.prototype, 'x')),
    ).toBe(false);
    // The page rewrote the URL to a clean, canonical one.
    const url = new URL(page.url());
    expect(url.searchParams.get('v')).toBe('2');
    expect([...url.searchParams.keys()].sort()).toEqual([
      'backend',
      'kappa',
      'lr',
      'noise',
      'opt',
      'scene',
      'sched',
      'seed',
      'steps',
      'v',
    ]);
  });
}
