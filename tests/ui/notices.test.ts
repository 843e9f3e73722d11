import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n';
import type {
  BackendReason,
  BackendReasonCode,
  Cause,
  Notice,
  NoticeCode,
} from '../../src/protocol/notices';
import { causeText, noticeText, reasonText } from '../../src/ui/notices';

/**
 * One example of every code, typed so that a new code does not compile until it has one here: the
 * loops below then check its words in every language.
 */
const REASONS: { readonly [C in BackendReasonCode]: Extract<BackendReason, { code: C }> } = {
  link: { code: 'link' },
  fallback: { code: 'fallback', forced: 'webgpu' },
  probe: { code: 'probe' },
  probeFused: { code: 'probeFused' },
  remembered: { code: 'remembered' },
  rememberedFused: { code: 'rememberedFused' },
  first: { code: 'first' },
  kept: { code: 'kept' },
};
const NOTICES: { readonly [C in NoticeCode]: Extract<Notice, { code: C }> } = {
  noStart: { code: 'noStart', backend: 'webgl' },
  deviceLost: { code: 'deviceLost', backend: 'webgpu', why: 'destroyed: gone' },
  trainingFailed: {
    code: 'trainingFailed',
    backend: 'webgpu',
    error: { code: 'thrown', message: 'device lost (reason: unknown)' },
  },
  switched: { code: 'switched', to: 'wasm', from: 'cpu' },
  workerRestarted: { code: 'workerRestarted', why: { code: 'crashed', message: 'it crashed' } },
};
const CAUSES: { readonly [C in Cause['code']]: Extract<Cause, { code: C }> } = {
  thrown: { code: 'thrown', message: 'Out of memory in tfjs' },
  deviceLost: { code: 'deviceLost' },
  noBackend: { code: 'noBackend', notices: [NOTICES.noStart] },
  keepsStopping: { code: 'keepsStopping', why: { code: 'silent' } },
};

describe('the worker’s codes in the page’s language', () => {
  const i18n = createI18n('en');
  const en = i18n.getFixedT('en');
  const hans = i18n.getFixedT('zh-Hans');
  const hant = i18n.getFixedT('zh-Hant');

  it('words the backend reasons and notices the worker sends by their message keys', () => {
    expect(reasonText({ code: 'probe' }, hans)).toBe('实测最快');
    // The fused kernel's win, as src/train/backend.ts reports it, was left in English before.
    expect(reasonText({ code: 'probeFused' }, hans)).toBe('实测最快，融合内核');
    expect(reasonText({ code: 'probeFused' }, hant)).toBe('實測最快，融合核心');
    expect(reasonText({ code: 'fallback', forced: 'webgpu' }, hant)).toBe('webgpu 無法啟動');
    expect(noticeText({ code: 'noStart', backend: 'webgl' }, hans)).toBe(
      'webgl 后端在这里无法启动，改试下一个。',
    );
    expect(noticeText(NOTICES.trainingFailed, hant)).toBe(
      '在 webgpu 上訓練失敗（device lost (reason: unknown)），已在下一個後端從種子重新訓練。',
    );
    expect(noticeText(NOTICES.deviceLost, hans)).toBe(
      '在 webgpu 上 GPU 设备丢失（destroyed: gone）；之后的运行改用下一个后端。',
    );
    expect(reasonText({ code: 'rememberedFused' }, hant)).toBe('先前在本裝置上測速最快，融合核心');
    expect(noticeText(NOTICES.workerRestarted, hans)).toBe(
      '训练线程已停止（it crashed），已重新启动。',
    );
  });

  it('says in English what the worker used to send as sentences, word for word', () => {
    // These are the sentences src/worker and src/train sent before they sent codes (the page
    // showed them through the same keys), so nothing a reader sees in English has changed.
    expect(reasonText({ code: 'link' }, en)).toBe('chosen in the link');
    expect(reasonText({ code: 'rememberedFused' }, en)).toBe(
      'fastest in an earlier probe on this device, fused',
    );
    expect(reasonText({ code: 'first' }, en)).toBe(
      'chosen at once for this kind of scene; the others are measured after the figure',
    );
    expect(noticeText({ code: 'noStart', backend: 'wasm' }, en)).toBe(
      'The wasm backend could not start here; trying the next one.',
    );
    expect(
      noticeText(
        { code: 'trainingFailed', backend: 'webgpu', error: { code: 'deviceLost', why: 'x: y' } },
        en,
      ),
    ).toBe(
      'Training on webgpu failed (the GPU device was lost (x: y)); trained again from the seed on the next backend.',
    );
    expect(noticeText({ code: 'deviceLost', backend: 'webgpu' }, en)).toBe(
      'On webgpu, the GPU device was lost (no reason given); the next runs train on the next backend.',
    );
    expect(noticeText({ code: 'workerRestarted', why: { code: 'silent' } }, en)).toBe(
      'The training worker stopped (it stopped answering); started a new one.',
    );
    expect(noticeText({ code: 'workerRestarted', why: { code: 'crashed' } }, en)).toBe(
      'The training worker stopped (the training worker stopped); started a new one.',
    );
    expect(causeText(CAUSES.noBackend, en)).toBe(
      'No TensorFlow.js backend could start. The webgl backend could not start here; trying the next one.',
    );
    expect(causeText(CAUSES.keepsStopping, en)).toBe(
      'the training worker keeps stopping (it stopped answering); reload the page to try again',
    );
  });

  it('shows an error’s own text as it came, in any language', () => {
    expect(causeText(CAUSES.thrown, hans)).toBe('Out of memory in tfjs');
    expect(causeText(CAUSES.thrown, en)).toBe('Out of memory in tfjs');
  });

  it('words every code in every language, with every value filled in', () => {
    const texts = [
      ...Object.values(REASONS).map((r) => (t: typeof en) => reasonText(r, t)),
      ...Object.values(NOTICES).map((n) => (t: typeof en) => noticeText(n, t)),
      ...Object.values(CAUSES).map((c) => (t: typeof en) => causeText(c, t)),
    ];
    for (const t of [en, hans, hant]) {
      for (const text of texts) {
        const said = text(t);
        expect(said).not.toMatch(/\{\{|\}\}|^(backend|app)\./);
        expect(said.length).toBeGreaterThan(0);
      }
    }
  });
});
