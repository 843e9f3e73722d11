import { expect, test } from '@playwright/test';
import { openLab, rows, VERDICT_KINDS } from './helpers';

/**
 * The built page runs under its Content-Security-Policy (vite.config.ts): no inline or eval'd
 * script, WebAssembly allowed, nothing from another origin. Every backend and the heavier pages
 * must work under it without a single violation, and no request may leave the page's origin.
 */
const PAGES = [
  'backend=cpu',
  'backend=wasm',
  'backend=webgl',
  'backend=webgpu&scene=quadratic',
  'scene=cars&backend=wasm&steps=40&panel=sweep&sweep=8',
  'scene=linreg&batch=12&kfold=3&backend=cpu',
];

for (const query of PAGES) {
  test(`?${query} runs under the Content-Security-Policy without a violation`, async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const violations: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.origin !== new URL(baseURL ?? '').origin && !url.protocol.startsWith('data')) {
        foreign.push(r.url());
      }
    });
    await openLab(page, query);
    const csp = await page
      .locator('meta[http-equiv=Content-Security-Policy]')
      .getAttribute('content');
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    for (const r of await rows(page)) expect(VERDICT_KINDS).toContain(r.verdict);
    expect(violations).toEqual([]);
    expect(foreign).toEqual([]);
  });
}
