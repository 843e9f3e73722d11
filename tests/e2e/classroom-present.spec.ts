import type { Page } from '@playwright/test';
import { expect, test } from './sharedTab';
import {
  LECTURE_LRS,
  LECTURE_VERDICTS,
  readFingerprint,
  rows,
  waitDone,
  waitPlayedOut,
  watchPage,
} from './helpers';

/** wasm: starts everywhere here, and a click keeps it (the backend is the room's, not the lesson's). */
const ROOM = 'backend=wasm';

/**
 * What each preset must reach, from the runs' own numbers: the lecture figure's four regimes; the
 * thresholds either side of 1/λmax and 2/λmax (just right below 1/λmax, too large between, diverged
 * past 2/λmax; tests/url/presets.test.ts derives the same from the float64 reference); plain
 * descent's four regimes and momentum's four overshooting, converging runs on the same rates.
 * The data presets and the sweep are checked for a verdict on every run.
 */
const EXPECTED: Record<string, { runs: number; verdicts?: readonly string[]; panel?: string }> = {
  lecture: { runs: 4, verdicts: LECTURE_VERDICTS },
  thresholds: { runs: 4, verdicts: ['just-right', 'too-large', 'too-large', 'diverged'] },
  plain: { runs: 4, verdicts: ['too-small', 'just-right', 'too-large', 'diverged'] },
  momentum: { runs: 4, verdicts: ['too-large', 'too-large', 'too-large', 'too-large'] },
  sweep: { runs: 4, verdicts: LECTURE_VERDICTS, panel: 'sweep' },
  overfit: { runs: 1 },
  kfold: { runs: 3 },
};

async function expectPreset(page: Page, id: string) {
  const want = EXPECTED[id]!;
  await expect(page.locator('tr[data-lr]')).toHaveCount(want.runs);
  await waitDone(page);
  const got = (await rows(page)).map((r) => r.verdict);
  if (want.verdicts) expect(got).toEqual(want.verdicts);
  else for (const v of got) expect(LECTURE_VERDICTS as readonly string[]).toContain(v);
  // The link the page wrote is the full state, without the short form.
  const url = new URL(page.url());
  expect(url.searchParams.get('preset')).toBeNull();
  expect(url.searchParams.get('v')).toBe('3');
  await expect(page.locator(`[data-preset=${id}]`)).toHaveAttribute('aria-pressed', 'true');
  if (want.panel) {
    const panel = page.getByTestId(`panel-${want.panel}`);
    await expect(panel).toHaveAttribute('data-ready', 'true');
    const verdicts = await panel
      .locator('circle.sweep-point')
      .evaluateAll((cs) => cs.map((c) => c.getAttribute('data-verdict')));
    expect(verdicts).toHaveLength(64);
    for (const v of verdicts) expect(LECTURE_VERDICTS as readonly (string | null)[]).toContain(v);
  }
}

for (const id of Object.keys(EXPECTED)) {
  test(`preset ${id}: one click and its short link give the same runs, verdicts and fingerprint`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const watched = watchPage(page);
    // By click, from another preset's page (so the click has something to change).
    const from = id === 'plain' ? 'preset=momentum' : 'preset=plain';
    await page.goto(`./?${from}&${ROOM}`);
    await waitDone(page);
    await page.locator(`[data-preset=${id}]`).click();
    await expectPreset(page, id);
    const clicked = { rows: await rows(page), print: await readFingerprint(page), url: page.url() };
    await expect.poll(() => new URL(page.url()).searchParams.get('backend')).toBe('wasm');

    // By its short link: the same state, written back as the same full link.
    await page.goto(`./?preset=${id}&${ROOM}`);
    await expectPreset(page, id);
    expect(await rows(page)).toEqual(clicked.rows);
    expect(await readFingerprint(page)).toBe(clicked.print);
    await expect.poll(() => page.url()).toBe(clicked.url);
    await expect(page.getByTestId('notice')).toHaveCount(0);
    expect(watched.errors).toEqual([]);
  });
}

test('an unknown preset is named in a notice and the lecture figure opens', async ({ page }) => {
  await page.goto(`./?preset=lectur&${ROOM}`);
  await waitDone(page);
  await expect(page.getByTestId('notice')).toContainText('lectur');
  expect(await rows(page)).toEqual(
    LECTURE_LRS.map((lr, i) => ({ lr, verdict: LECTURE_VERDICTS[i] })),
  );
});

test('presenter mode: a toggle and present=1; larger type, thick lines, full screen or a notice', async ({
  page,
}) => {
  const watched = watchPage(page);
  await page.goto(`./?${ROOM}`);
  await waitDone(page);
  const measure = () =>
    page.evaluate(() => {
      const px = (sel: string, prop: 'fontSize' | 'strokeWidth') =>
        parseFloat(getComputedStyle(document.querySelector(sel)!)[prop]);
      return {
        h1: px('header h1', 'fontSize'),
        caption: px('figcaption', 'fontSize'),
        cell: px('.runs td', 'fontSize'),
        line: px('[data-testid=loss-chart] g[data-run] path', 'strokeWidth'),
      };
    });
  const before = await measure();
  await expect(page.locator('.app.present')).toHaveCount(0);
  await page.getByTestId('presenter-toggle').click();
  await expect(page.locator('.app.present')).toHaveCount(1);
  await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => new URL(page.url()).searchParams.get('present')).toBe('1');
  const after = await measure();
  // Type at least 1.4× larger and lines at least twice as thick (the ordinary line is 2 px).
  expect(after.h1).toBeGreaterThanOrEqual(before.h1 * 1.4);
  expect(after.caption).toBeGreaterThanOrEqual(before.caption * 1.4);
  expect(after.cell).toBeGreaterThanOrEqual(before.cell * 1.4);
  expect(after.line).toBeGreaterThanOrEqual(before.line * 2);
  // Full screen was asked for in the click: granted, or refused with a notice (never an error).
  const full = await page.evaluate(() => document.fullscreenElement !== null);
  if (!full) await expect(page.getByTestId('fullscreen-refused')).toBeVisible();
  // Off again: back to the ordinary page and link.
  await page.getByTestId('presenter-toggle').click();
  await expect(page.locator('.app.present')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('present')).toBeNull();
  // A link opens straight in presenter mode (full screen waits for a click there).
  await page.goto(`./?present=1&${ROOM}`);
  await waitDone(page);
  await expect(page.locator('.app.present')).toHaveCount(1);
  expect(watched.errors).toEqual([]);
});

const scrubLabel = (page: Page) => page.locator('section.playback label');

test('shortcuts: space, arrows, digits, ?; not while typing, not the arrows of a focused slider', async ({
  page,
}) => {
  // Space plays: with the motion a user sees (the suite's default is reduced motion).
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const watched = watchPage(page);
  await page.goto(`./?${ROOM}`);
  await waitDone(page);
  await waitPlayedOut(page);
  await page.locator('header h1').click();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(scrubLabel(page)).toHaveText('Step 58 / 60');
  await page.keyboard.press('ArrowRight');
  await expect(scrubLabel(page)).toHaveText('Step 59 / 60');
  // Space plays from the cursor (to the end), and pauses.
  await page.keyboard.press(' ');
  await expect(scrubLabel(page)).toHaveText('Step 60 / 60');
  await page.keyboard.press(' ');
  await expect(
    page.locator('section.playback').getByRole('button', { name: 'Pause' }),
  ).toBeVisible();
  await page.keyboard.press(' ');
  await expect(
    page.locator('section.playback').getByRole('button', { name: 'Play', exact: true }),
  ).toBeVisible();

  // ? lists the shortcuts in a dialog; Esc closes it.
  const dialog = page.getByTestId('shortcuts');
  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-shortcut]')).toHaveCount(5);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Typing a digit in a field types it; no preset opens.
  const exact = page.getByLabel('Learning rate of run 1, exact value');
  await exact.click();
  await exact.press('2');
  await expect.poll(() => new URL(page.url()).searchParams.get('scene')).toBe('valley');
  await exact.press('Escape');
  // A focused slider keeps its arrows: the learning rate moves, the step cursor does not.
  const cursorBefore = await scrubLabel(page).textContent();
  const slider = page.getByTestId('lr-slider').nth(1);
  await slider.focus();
  await slider.press('ArrowRight');
  await expect.poll(() => new URL(page.url()).searchParams.get('lr')).not.toBe('0.05,0.5,3,8');
  await expect(scrubLabel(page)).toHaveText(cursorBefore ?? '');

  // A digit opens the preset on its button: 2 is the quadratic thresholds.
  await page.locator('header h1').click();
  await page.keyboard.press('2');
  await expectPreset(page, 'thresholds');
  expect(watched.errors).toEqual([]);
});

test('hide and lock: hidden groups are not on the page, locked ones are disabled and say why', async ({
  page,
}) => {
  await page.goto(`./?${ROOM}&hide=optimizer,analysis,presets&lock=lr,playback,scene`);
  await waitDone(page);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  // Hidden: absent, not merely invisible.
  await expect(page.getByLabel('Optimizer', { exact: true })).toHaveCount(0);
  await expect(page.locator('section.analysis')).toHaveCount(0);
  await expect(page.locator('[data-preset]')).toHaveCount(0);
  // Locked: there, disabled, titled.
  const slider = page.getByTestId('lr-slider').first();
  await expect(slider).toBeDisabled();
  expect(await slider.evaluate((el) => el.closest('[title]')?.getAttribute('title'))).toMatch(
    /locked by the teacher/i,
  );
  await expect(page.getByRole('button', { name: '+ Add a run' })).toBeDisabled();
  await expect(page.getByLabel('Scene')).toBeDisabled();
  await expect(page.getByLabel('Backend')).toBeEnabled();
  await expect(
    page.locator('section.playback').getByRole('button', { name: /Play|Pause/ }),
  ).toBeDisabled();
  // Their shortcuts are off too: arrows and digits change nothing.
  await waitPlayedOut(page).catch(() => undefined);
  const label = await scrubLabel(page).textContent();
  await page.locator('header h1').click();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('2');
  await expect(scrubLabel(page)).toHaveText(label ?? '');
  await expect.poll(() => new URL(page.url()).searchParams.get('scene')).toBe('valley');
  // The link keeps the teacher's settings, in the table's order.
  const url = new URL(page.url());
  expect(url.searchParams.get('hide')).toBe('presets,optimizer,analysis');
  expect(url.searchParams.get('lock')).toBe('scene,lr,playback');

  // Hiding the learning rates leaves their values as text; an unknown group is named.
  await page.goto(`./?${ROOM}&hide=lr,teacher`);
  await waitDone(page);
  await expect(page.getByTestId('notice')).toContainText('teacher');
  await page.goto(`./?${ROOM}&hide=lr`);
  await waitDone(page);
  await expect(page.getByTestId('lr-slider')).toHaveCount(0);
  await expect(page.getByTestId('lr-value')).toHaveText(LECTURE_LRS.map((lr) => `η = ${lr}`));
});

/** Every place a verdict could show while it must not: words, attributes, the ✕, the live region. */
async function verdictsOnPage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const words = /too small|just right|too large|diverged/i;
    const runs = document.querySelector('section.runs')!.cloneNode(true) as HTMLElement;
    runs.querySelectorAll('select').forEach((s) => s.remove());
    if (words.test(runs.textContent ?? '')) found.push(`runs: ${runs.textContent}`);
    for (const el of document.querySelectorAll('[aria-valuetext]')) {
      const t = el.getAttribute('aria-valuetext') ?? '';
      if (words.test(t)) found.push(`valuetext: ${t}`);
    }
    if (document.querySelector('[data-verdict]')) found.push('data-verdict');
    for (const live of document.querySelectorAll('[aria-live]')) {
      if (words.test(live.textContent ?? '')) found.push(`live: ${live.textContent}`);
    }
    for (const svg of document.querySelectorAll('figure svg')) {
      if (/✕/.test(svg.textContent ?? '')) found.push('✕');
    }
    return found;
  });
}

/**
 * Nothing on the page shows how a run went before the reveal: each curve is drawn at step 0 only
 * (one point: a path without a line segment), no final or best loss, no off-scale or diverged mark,
 * and the hover readout gives no loss after step 0.
 */
async function expectNoOutcome(page: Page) {
  const ds = await page
    .locator('svg[data-testid$=-chart] g[data-run] path')
    .evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
  expect(ds.length).toBeGreaterThan(0);
  for (const d of ds) expect(d).not.toMatch(/L/);
  const numbers = await page
    .locator('tr[data-lr] td.num')
    .evaluateAll((tds) =>
      tds.map((td) => (td.textContent ?? '').trim()).filter((x) => /\d/.test(x)),
    );
  expect(numbers).toEqual([]);
  await expect(page.locator('[data-offscale], [data-diverged], [data-best]')).toHaveCount(0);
  const chart = (await page.getByTestId('loss-chart').boundingBox())!;
  await page.mouse.move(chart.x + chart.width * 0.6, chart.y + chart.height * 0.5);
  await expect(page.locator('figcaption .readout')).toBeVisible();
  expect(await page.locator('figcaption .readout').textContent()).not.toMatch(/→ \d/);
  await page.mouse.move(0, 0);
}

test('predict, then reveal: verdicts are not in the page until revealed, then votes are scored', async ({
  page,
}) => {
  const watched = watchPage(page);
  await page.goto(`./?${ROOM}&reveal=vote`);
  await page.waitForSelector('[data-status=done]');
  await expect(page.locator('tr[data-trained]')).toHaveCount(4);
  await waitPlayedOut(page);
  expect(await verdictsOnPage(page)).toEqual([]);
  // Runs are coloured by row, not by verdict: four different colours, none of the notes' four.
  const strokes = await page
    .locator('[data-testid=loss-chart] g[data-run] path')
    .evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke')));
  expect(new Set(strokes).size).toBe(4);
  for (const c of ['#1f5fbf', '#d62728', '#2a9d3a', '#d4a500']) expect(strokes).not.toContain(c);
  await expectNoOutcome(page);

  // Three votes (the third wrong): still hidden, one run has no prediction.
  const votes = page.getByTestId('vote');
  await votes.nth(0).selectOption('too-small');
  await votes.nth(1).selectOption('just-right');
  await votes.nth(2).selectOption('diverged');
  expect(await verdictsOnPage(page)).toEqual([]);

  await expectNoOutcome(page);

  // The teacher reveals: the computed verdicts, each vote marked against them.
  await page.getByTestId('reveal').click();
  // The curves are drawn past the start now.
  await expect
    .poll(() => page.locator('[data-testid=loss-chart] g[data-run] path').first().getAttribute('d'))
    .toContain('L');
  expect((await rows(page)).map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
  const marks = await page
    .locator('tr[data-lr]')
    .evaluateAll((trs) =>
      trs.map((tr) => tr.querySelector('[data-vote]')?.getAttribute('data-vote') ?? null),
    );
  expect(marks).toEqual(['right', 'right', 'wrong', null]);
  await expect(page.getByTestId('score')).toHaveText('2 of 3 predictions right.');
  await expect(page.locator('p.visually-hidden[aria-live]')).toContainText('Run 1: too small.');

  // A vote for every run reveals by itself.
  await page.goto(`./?${ROOM}&reveal=vote`);
  await page.waitForSelector('[data-status=done]');
  await expect(page.locator('tr[data-trained]')).toHaveCount(4);
  for (const [i, v] of LECTURE_VERDICTS.entries()) {
    expect(await page.locator('tr[data-verdict]').count()).toBe(0);
    await page.getByTestId('vote').nth(i).selectOption(v);
  }
  await expect(page.getByTestId('score')).toHaveText('4 of 4 predictions right.');
  expect(watched.errors).toEqual([]);
});

test('presenter mode at 1280×720: the captions under the views read whole on one line, and every line-end label lies inside its view', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  for (const lang of ['en', 'zh-Hans', 'zh-Hant']) {
    // The overfit preset: a network, whose run ends at the plot's right edge with a long η
    // ("η = 0.0018"), once cut by the view's right border.
    await page.goto(`./?preset=overfit&present=1&lang=${lang}&${ROOM}`);
    await waitDone(page);
    // Played out (reduced motion: at once): the labels sit at the lines' ends.
    const scrub = page.getByTestId('scrubber');
    await expect
      .poll(async () => (await scrub.inputValue()) === (await scrub.getAttribute('max')))
      .toBe(true);
    const read = await page.evaluate(() => ({
      captions: [...document.querySelectorAll('.figure figcaption')].map((c) => {
        const s = getComputedStyle(c);
        const lh = s.lineHeight.endsWith('px')
          ? parseFloat(s.lineHeight)
          : parseFloat(s.fontSize) * (parseFloat(s.lineHeight) || 1.2);
        return {
          text: c.textContent ?? '',
          cut: c.scrollWidth > c.clientWidth || c.scrollHeight > c.clientHeight,
          lines: Math.round(c.getBoundingClientRect().height / lh),
        };
      }),
      labels: [...document.querySelectorAll('svg[data-testid=loss-chart] [data-label]')].map(
        (g) => {
          const svg = g.closest('svg')!.getBoundingClientRect();
          const r = g.getBoundingClientRect();
          const b = (g as SVGGraphicsElement).getBBox();
          return {
            text: g.textContent ?? '',
            // On the screen, inside the svg's box; and inside the 560-unit view (an export's frame).
            inBox:
              r.left >= svg.left - 0.5 &&
              r.right <= svg.right + 0.5 &&
              r.top >= svg.top - 0.5 &&
              r.bottom <= svg.bottom + 0.5,
            inView: b.x >= 0 && b.x + b.width <= 560,
          };
        },
      ),
    }));
    expect(read.captions, lang).toHaveLength(2);
    for (const c of read.captions) {
      expect(c.cut, `${lang}: "${c.text}" is cut`).toBe(false);
      // At rest the captions take one line, so the figure keeps its height.
      expect(c.lines, `${lang}: "${c.text}" on one line`).toBe(1);
    }
    expect(read.labels.length, lang).toBeGreaterThan(0);
    for (const l of read.labels) expect(l, lang).toMatchObject({ inBox: true, inView: true });
  }
});
