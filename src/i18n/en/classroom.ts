/** Predict, then reveal: the prediction and the class vote. */
export const classroom = {
  prediction: {
    label: 'Predict, then reveal',
    ask: 'Predict each run: too small, just right, too large or diverged? The verdicts appear once every run has a prediction, or when the teacher reveals them.',
    reveal: 'Reveal the verdicts',
    score_one: '{{right}} of {{count}} prediction right.',
    score_other: '{{right}} of {{count}} predictions right.',
  },
  vote: {
    label: 'Your prediction for run {{run}}',
    choose: 'Predict…',
    kind: {
      tooSmall: 'too small',
      justRight: 'just right',
      tooLarge: 'too large',
      diverged: 'diverged',
    },
    yours: 'your vote:',
    right: 'right',
    wrong: 'wrong',
  },
};
