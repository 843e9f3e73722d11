import type { classroom as en } from '../en/classroom';
import type { Area } from '../strings';

/** Predict, then reveal: the prediction and the class vote. */
export const classroom: Area<typeof en> = {
  prediction: {
    label: '先預測，再揭曉',
    ask: '預測每次執行：太小、剛剛好、太大還是發散？每次執行都有了預測，或老師揭曉時，判斷才會出現。',
    reveal: '揭曉判斷',
    score_other: '{{count}} 個預測中對了 {{right}} 個。',
  },
  vote: {
    label: '你對第 {{run}} 次執行的預測',
    choose: '預測…',
    kind: {
      tooSmall: '太小',
      justRight: '剛剛好',
      tooLarge: '太大',
      diverged: '發散',
    },
    yours: '你的預測：',
    right: '對',
    wrong: '錯',
  },
};
