import { expect, test } from './sharedTab';
import { openLab, rows, VERDICT_KINDS, watchPage } from './helpers';

/**
 * Hand-picked bad links. Each must name what it rejected in the notice, keep the page free of
 * uncaught errors and dialogs, and still show a working figure from the defaults.
 */
interface Case {
  /** The test's name; the query itself when the case is written as a string. */
  name: string;
  query: string;
  /**
   * What the notice must name; by default the key of the query's one pair (what stands before its
   * first `=`).
   */
  rejects?: string;
  /** Text the notice must show as it is (markup shown back as text). */
  shows?: string;
}

const CASES = (
  [
    'lr=abc',
    { name: 'lr=1e9 (above the limit)', query: 'lr=1e9' },
    'lr=NaN',
    'lr=-1',
    { name: 'lr= (empty)', query: 'lr=' },
    { name: 'lr with one bad entry', query: 'lr=0.5,abc' },
    { name: 'nine learning rates (at most 8)', query: 'lr=1,2,3,4,5,6,7,8,9' },
    { name: 'bad percent-encoding', query: 'lr=%E0%A4%A' },
    'steps=-5',
    'steps=99999999',
    'steps=1.5',
    // Shown back as text, never as markup.
    {
      name: 'scene=<script>',
      query: 'scene=<script>alert(1)</script>',
      shows: '<script>alert(1)</script>',
    },
    'backend=metal',
    'v=99',
    // Versions 1 to 3 are read; any other is refused with the notice.
    'v=4',
    'v=abc',
    '__proto__[x]=1',
    'seed=1e400',
    'kappa=0',
    'noise=Infinity',
    { name: 'a 6000-character query', query: `lr=0.5&pad=${'a'.repeat(6000)}`, rejects: 'link' },
    'opt=sgdx',
    { name: 'beta=1 (momentum that never forgets)', query: 'beta=1' },
    'eps=0',
    'sched=linear',
    { name: 'start with two numbers on a 1-D scene', query: 'start=1,2' },
    'start=NaN',
    'sweep=100000',
    { name: 'panel=<img>', query: 'panel=<img src=x onerror=alert(1)>' },
    { name: 'lr=0x10 (hex)', query: 'lr=0x10' },
    {
      name: 'two thousand learning rates',
      query: `lr=${Array.from({ length: 2000 }, (_, i) => (i + 1) / 1000).join(',')}`,
      rejects: 'link',
    },
    'lr=-0',
    'lr=%00',
    'seed=-1',
    'seed=1.5',
    { name: 'steps= (empty)', query: 'steps=' },
    'kappa=1e9',
    'kappa=NaN',
    'noise=-0.1',
    { name: 'scene= (empty)', query: 'scene=' },
    'scene=__proto__',
    {
      name: 'opt=<svg onload>',
      query: 'opt=<svg onload=alert(1)>',
      shows: '<svg onload=alert(1)>',
    },
    { name: 'b1=1 (never forgets)', query: 'b1=1' },
    'b2=2',
    'wd=-1',
    'gamma=0',
    'every=0',
    'warmup=1e9',
    { name: 'split with two parts', query: 'split=0.5,0.5' },
    { name: 'split adding up to 2.7', query: 'split=0.9,0.9,0.9' },
    'batch=-1',
    'kfold=1',
    { name: 'width=1000 (a network too big for a tab)', query: 'width=1000' },
    'depth=9',
    'slice=svd',
    'metric=worst',
    'smin=0',
    'constructor[prototype][x]=1',
  ] as (string | Case)[]
).map((c) => {
  const { name, query, rejects, shows }: Case = typeof c === 'string' ? { name: c, query: c } : c;
  return { name, query, rejects: rejects ?? query.slice(0, query.indexOf('=')), shows };
});

/**
 * One tab per worker serves every case, as a user pastes one link after another (./sharedTab.ts):
 * each case is a full navigation to its link (a new document, a new training worker), and the
 * tab keeps its local storage from case to case, the `auto` backend the first case's probe stored
 * (src/ui/rememberedBackend.ts), so later cases skip the probe's seconds of shader compilation.
 */
test.use({ tabStorage: 'keep' });

for (const c of CASES) {
  test(`malformed link: ${c.name}`, async ({ page }) => {
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
    expect(url.searchParams.get('v')).toBe('3');
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
