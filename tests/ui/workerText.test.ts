import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n';
import { translateWorkerText } from '../../src/ui/workerText';

describe('the worker’s English sentences in the page’s language', () => {
  const i18n = createI18n('en');
  const hans = i18n.getFixedT('zh-Hans');
  const hant = i18n.getFixedT('zh-Hant');
  it('reads the backend reasons and notices the worker sends back into message keys', () => {
    expect(translateWorkerText('fastest in a measured probe', hans)).toBe('实测最快');
    // The fused kernel's win, as src/train/backend.ts words it, was left in English before.
    expect(translateWorkerText('fastest in a measured probe, fused', hans)).toBe(
      '实测最快，融合内核',
    );
    expect(translateWorkerText('fastest in a measured probe, fused', hant)).toBe(
      '實測最快，融合核心',
    );
    expect(translateWorkerText('webgpu could not start', hant)).toBe('webgpu 無法啟動');
    expect(
      translateWorkerText('The webgl backend could not start here; trying the next one.', hans),
    ).toBe('webgl 后端在这里无法启动，改试下一个。');
    expect(
      translateWorkerText(
        'Training on webgpu failed (device lost (reason: unknown)); trained again from the seed on the next backend.',
        hant,
      ),
    ).toBe('在 webgpu 上訓練失敗（device lost (reason: unknown)），已在下一個後端從種子重新訓練。');
    expect(
      translateWorkerText(
        'On webgpu, the GPU device was lost (destroyed: gone); the next runs train on the next backend.',
        hans,
      ),
    ).toBe('在 webgpu 上 GPU 设备丢失（destroyed: gone）；之后的运行改用下一个后端。');
    expect(translateWorkerText('fastest in an earlier probe on this device, fused', hant)).toBe(
      '先前在本裝置上測速最快，融合核心',
    );
    expect(
      translateWorkerText('The training worker stopped (it crashed); started a new one.', hans),
    ).toBe('训练线程已停止（it crashed），已重新启动。');
  });
  it('gives the English back unchanged in English, and passes unknown text through', () => {
    const en = i18n.getFixedT('en');
    const said = 'The wasm backend could not start here; trying the next one.';
    expect(translateWorkerText(said, en)).toBe(said);
    expect(translateWorkerText('Out of memory in tfjs', hans)).toBe('Out of memory in tfjs');
  });
});
