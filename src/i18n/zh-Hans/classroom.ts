import type { classroom as en } from '../en/classroom';
import type { Area } from '../strings';

/** Predict, then reveal: the prediction and the class vote. */
export const classroom: Area<typeof en> = {
  prediction: {
    label: '先预测，再揭晓',
    ask: '预测每次运行：太小、刚刚好、太大还是发散？每次运行都有了预测，或老师揭晓时，判断才会出现。',
    reveal: '揭晓判断',
    score_other: '{{count}} 个预测中对了 {{right}} 个。',
  },
  vote: {
    label: '你对第 {{run}} 次运行的预测',
    choose: '预测…',
    kind: {
      tooSmall: '太小',
      justRight: '刚刚好',
      tooLarge: '太大',
      diverged: '发散',
    },
    yours: '你的预测：',
    right: '对',
    wrong: '错',
  },
};
