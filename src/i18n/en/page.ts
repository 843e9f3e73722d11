/** The page around the figure: title, layout, errors, notices, playback, presets, presenter mode, shortcuts. */
export const page = {
  app: {
    title: 'lr-lab — the learning-rate lab',
    lede_one: '{{scene}}: the same start, {{count}} learning rate, trained together.',
    lede_other: '{{scene}}: the same start, {{count}} learning rates, trained together.',
    surfaceFigure: 'Loss surface and the paths of gradient descent',
    surfaceCaption: 'Loss surface: each run starts at ○; each dot is one step.',
    surfaceAfterTraining:
      'The loss surface is drawn through the network’s paths once they have trained; the loss curves grow meanwhile.',
    lossFigure: 'Loss versus step',
    lossCaption: 'Loss after each step (log scale): lower is better.',
    evaluatingSurface: 'Evaluating the loss surface through the slice…',
    surfaceProgress: 'Surface progress',
    training_one: 'Training {{count}} run…',
    training_other: 'Training {{count}} runs…',
    trainingProgress: 'Training progress',
    trainingStep_one: 'Training {{count}} run — step {{step}} of {{steps}}…',
    trainingStep_other: 'Training {{count}} runs — step {{step}} of {{steps}}…',
    trainingFold: 'Training fold {{fold}} of {{folds}} — step {{step}} of {{steps}}…',
    trainingFolds: 'Training all {{folds}} folds at once — step {{step}} of {{steps}}…',
    trainingFailed: 'Training failed: {{error}}',
    alreadyRun: 'η = {{lr}} is already a run.',
    lrLocked: 'The teacher locked the learning rates for this lesson.',
    analysisConcealed:
      'The analysis panels show verdicts: they open once the runs have predictions or are revealed.',
    runsFull: 'At most {{max}} runs: remove one to add η = {{lr}}.',
    added: 'Added η = {{lr}} as run {{run}}.',
    announce: 'Run {{run}}: {{verdict}}.',
    hoverStep: 'Step {{step}}:',
    hoverDiverged: 'diverged',
    view: 'View',
    language: 'Language',
    palette: 'Colours',
    paletteNotes: 'The notes’ colours',
    paletteSafe: 'Colour-blind safe (Okabe–Ito)',
    workerRestarted: 'The training worker stopped ({{why}}); started a new one.',
    workerSilent: 'it stopped answering',
    workerCrashed: 'the training worker stopped',
    workerKeepsStopping:
      'the training worker keeps stopping ({{why}}); reload the page to try again',
  },
  layout: {
    stage: 'The figure',
    finishing:
      'Drawn. Still finishing in the background (measuring the fastest way to train on this device); the curves stay as they are unless a note says otherwise.',
    analysing: 'Drawn. Still computing the panel: {{panel}}…',
    done_one: 'Done: {{count}} run trained.',
    done_other: 'Done: {{count}} runs trained.',
    presentOn: 'Present',
    presentOff: 'Exit',
    presetShort: {
      lecture: 'Lecture figure',
      thresholds: '1/λ and 2/λ',
      plain: 'Narrow valley',
      momentum: '+ momentum',
      sweep: 'Sweep',
      overfit: 'Overfitting',
      kfold: '5-fold',
    },
  },
  error: {
    drawing: 'Something went wrong while drawing the lab: {{message}}',
    panels: 'The panels under the figure could not load: {{message}}. Reload to try again.',
    reload: 'Reload with the same link',
    home: 'Open the default lecture figure',
  },
  notice: {
    linkUnused: 'Some parts of the link could not be used; defaults were used instead:',
    dismiss: 'Dismiss',
  },
  playback: {
    label: 'Playback',
    play: 'Play',
    pause: 'Pause',
    step: 'Step',
    reset: 'Reset',
    resetTitle: 'Train again from the link’s seed and replay',
    position: 'Step {{cursor}} / {{steps}}',
  },
  preset: {
    overfit: 'Overfitting: a small training set and a wide network',
    kfold: '5-fold cross-validation picks a learning rate',
  },
  presets: {
    label: 'Presets',
    name: {
      lecture: 'The lecture figure',
      thresholds: 'Quadratic: 1/λmax and 2/λmax',
      plain: 'Narrow valley, plain descent',
      momentum: 'Narrow valley, with momentum',
      sweep: 'Learning-rate sweep',
      overfit: 'Overfitting',
      kfold: '5-fold cross-validation',
    },
    title: {
      lecture:
        'Four learning rates on the lecture valley: too small, just right, too large, diverged',
      thresholds:
        'The quadratic bowl with runs either side of 1/λmax (overshoot begins) and 2/λmax (divergence begins)',
      plain: 'Four learning rates of plain gradient descent on a bowl with condition number 30',
      momentum:
        'The same four learning rates with heavy-ball momentum β = 0.5: the one beyond 2/λmax converges',
      sweep: 'The lecture valley with a sweep of 64 learning rates, each coloured by its verdict',
      overfit:
        'A small training set and a wide network: validation loss turns up while training loss falls',
      kfold: 'Five folds of three learning rates, trained as one batch; the mean picks one',
    },
  },
  presenter: {
    label: 'Presenter',
    present: 'Presenter mode',
    presentTitle: 'Large type, thick lines, high contrast, full screen',
    fullscreen: 'Full screen',
    shortcuts: 'Shortcuts',
    refused:
      'The browser did not allow full screen here; press F11 (or the browser’s full-screen key) instead.',
  },
  shortcuts: {
    title: 'Keyboard shortcuts',
    key: { space: 'Space', left: '←', right: '→', digits: '1 … 9', help: '?' },
    does: {
      space: 'Play or pause',
      left: 'One step back',
      right: 'One step forward',
      digits: 'Open a preset (the number on its button)',
      help: 'This list',
    },
    note: 'Shortcuts wait while you type in a field; on a focused slider the arrows move the slider.',
    off: 'Turned off by the teacher for this lesson',
    close: 'Close',
  },
  gate: {
    locked: 'Locked by the teacher for this lesson',
  },
  curious: {
    summary: 'For the curious',
  },
};
