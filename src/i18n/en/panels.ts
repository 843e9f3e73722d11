/** The panels: analyses, k-fold, backend, reproducibility, export, QR code. */
export const panels = {
  analysis: {
    unstable:
      'careful: at {{high}} or above it cannot settle at the bottom, and the runs table would call it too large',
    readSweep:
      'Each dot is one learning rate, trained for the same steps from the same start: the lower the dot, the lower the loss it reached; its colour says what happened.',
    readRange:
      'One run whose learning rate grows a little every step: the loss falls while η helps and shoots up once η is too large. A good η sits a little before the lowest point.',
    readSharpness:
      'How steep the valley is where each run stands (solid line) against how steep its learning rate can take (dashed): above the dashed line its steps overshoot.',
    sweepRuns:
      'Triangles along the bottom: the learning rates of the runs in the figure, in their colours.',
    runMark: 'run {{run}}: η = {{lr}}',
    rangeLines:
      'Dark blue: the smoothed loss; light blue: the loss at each step; grey: the same test from the other seeds.',
    rangeLinesSame:
      'Dark blue: the smoothed loss; light blue: the loss at each step. The other seeds draw the same curve, hidden under it.',
    rangeMoves:
      'The suggestions move with the seed: each is a rule of thumb read off one noisy curve, not gospel.',
    rangeAgree:
      'Here every seed gives the same curve (nothing in this scene is drawn at random), so every seed suggests the same η; each is still a rule of thumb, not gospel.',
    spreadSame: '— the same for all {{count}} seeds',
    overshoots:
      'careful: above {{low}} it overshoots the valley floor, and the runs table would call it too large',
    diverges: 'careful: at {{high}} or above it diverges',
    label: 'Analysis',
    tabs: 'Analysis panel',
    none: 'Hide',
    sharpness: 'Sharpness',
    sweep: 'Learning-rate sweep',
    range: 'Range test',
    failed: 'The analysis failed: {{message}}',
    computing: 'Computing…',
    sweepCount: 'Learning rates',
    from: 'From η',
    to: 'To η',
    bestMetric: 'Best loss along the run (else the final one)',
    sweepChartBest: 'Best loss of {{count}} learning rates',
    sweepChartFinal: 'Final loss of {{count}} learning rates',
    lrAxis: 'learning rate η',
    bestLoss: 'best loss',
    finalLoss: 'final loss',
    pointBest: 'η = {{lr}}: {{verdict}}, best loss {{loss}}. Add as a run.',
    pointFinal: 'η = {{lr}}: {{verdict}}, final loss {{loss}}. Add as a run.',
    sweepNote:
      'One batch of {{count}} runs with the figure’s optimizer, schedule, steps and start. Click a point to add its learning rate as a run.',
    sweepTheory: 'Theory: no overshoot up to {{low}}, divergence from {{high}}.',
    steepest: 'steepest descent',
    valley: 'valley',
    minimumOverTen: 'minimum ÷ 10',
    addRun: 'Add as a run',
    noSuggestion: 'no suggestion (the curve never falls)',
    spread: '— over {{count}} seeds: {{min}} to {{max}} (median {{median}})',
    rangeChart: 'Range test: smoothed loss while the learning rate grows',
    rangeAxis: 'learning rate η (growing each step)',
    rangeNote:
      '{{runs}} runs of {{steps}} steps, η from {{min}} to {{max}}, seeds {{first}}…{{last}}.',
    sharpChart: 'Sharpness along each run against its stability edge',
    sharpSolid:
      'Solid: λmax of the Hessian at each step (power iteration, 20 Hessian–vector products).',
    sharpEdge:
      'Dashed: the stability edge at the run’s learning rate (2/η for plain descent); above it a step overshoots along the sharpest direction.',
    sharpAdaptive: 'Adaptive optimizers rescale each coordinate, so no edge 2/η applies to them.',
    sharpQuadratic: 'On a quadratic the Hessian, and so the sharpness, is the same everywhere.',
  },
  kfold: {
    read: 'The training and validation rows are cut into {{k}} parts; each part takes a turn as the validation set while the network trains on the others. The learning rate with the lowest average validation loss wins.',
    pickLowest:
      'k-fold picks η = {{lr}}: it has the lowest mean validation loss, and its run neither diverged nor was too large.',
    pickSkipped:
      'k-fold picks η = {{lr}}: the lowest mean validation loss among the learning rates whose runs neither diverged nor were too large (η = {{skipped}} came lower, but its run is “{{verdict}}”).',
    pickNone:
      'Every learning rate here diverged or was too large: k-fold shows the lowest mean validation loss, η = {{lr}}, but none of them is a safe choice.',
    legend:
      'Colours: one per learning rate, the same in the chart and the table; each thin line is one fold.',
    label: 'k-fold cross-validation',
    heading: '{{k}}-fold cross-validation',
    folds: '{{k}} folds: each holds out one part',
    fold: 'fold {{n}}',
    note: 'Dark: the rows a fold holds out for validation ({{sizes}} rows); light: the rows it trains on. The test rows stay out of every fold.',
    chart: 'Validation loss of every fold, with the mean ± one standard deviation',
    valLoss: 'validation loss',
    mean: 'Mean best validation ± sd over {{k}} folds',
    picks: 'k-fold picks this η',
    use: 'Train on all the training rows with η = {{lr}}',
  },
  backend: {
    code: 'Run code',
    read: 'Which part of this device trained the runs, and a short code: two people who see the same code saw exactly the same run.',
    reasonProbeFused: 'fastest in a measured probe, fused',
    label: 'Reproducibility',
    backend: 'Backend',
    probe: 'probe: {{probe}}',
    probeEntry: '{{name}} {{ms}} ms/step',
    fingerprint: 'Fingerprint',
    fingerprintTitle: 'FNV-1a hash of all loss traces (float32 bits)',
    time: 'Training time',
    timeValue_one: '{{ms}} ms for {{steps}} steps × {{count}} run',
    timeValue_other: '{{ms}} ms for {{steps}} steps × {{count}} runs',
    surfaceTime: 'Loss surface through the slice: {{ms}} ms for {{grid}} parameter sets.',
    fromGrid:
      'These runs are rows of the slider grid: every slider position trained in one batch, bit for bit what a new run would give on {{backend}}.',
    thisBackend: 'this backend',
    reasonLink: 'chosen in the link',
    reasonFallback: '{{forced}} could not start',
    reasonProbe: 'fastest in a measured probe',
    reasonRemembered: 'fastest in an earlier probe on this device',
    reasonFirst: 'chosen at once for this kind of scene; the others are measured after the figure',
    reasonKept:
      'chosen at once for this kind of scene; a probe after the figure found nothing faster',
    noticeSwitched:
      'A probe after the figure measured {{to}} faster than {{from}} here; the runs were trained again on {{to}} (the same runs from the same seed; the fingerprint is {{to}}’s).',
    noticeNoStart: 'The {{name}} backend could not start here; trying the next one.',
    noticeFailed:
      'Training on {{name}} failed ({{error}}); trained again from the seed on the next backend.',
    noticeLost:
      'On {{name}}, the GPU device was lost ({{why}}); the next runs train on the next backend.',
    lostCause: 'the GPU device was lost ({{why}})',
    noReason: 'no reason given',
    noBackend: 'No TensorFlow.js backend could start.',
    reasonRememberedFused: 'fastest in an earlier probe on this device, fused',
    probeFusedEntry: '{{name}} fused {{ms}} ms/step',
    probeEmulated:
      'not timed: {{names}} (this device’s GPU is emulated on the CPU, so it cannot beat wasm or cpu)',
    fused:
      'Trained by the fused kernel: one dispatch advances every run by a whole chunk of steps.',
    unfused: 'Trained op by op.',
    memory: 'Memory',
    memoryTitle: "Held by the training worker's backend once a training has freed its own tensors",
    memoryValue: '{{tensors}} tensors, {{kb}} kB',
    memoryGpu: '{{tensors}} tensors, {{kb}} kB, {{buffers}} GPU buffers in use',
  },
  repro: {
    read: 'Press the button to train the same runs again from the same seed: the same link gives exactly the same numbers.',
    title: 'Reproducibility',
    region: 'Reproducibility check',
    backend: 'Backend',
    seed: 'Seed',
    fingerprint: 'Fingerprint',
    button: 'Run it twice',
    waiting: 'Available once the runs have finished training.',
    running: 'Training the same experiment again…',
    identical:
      'Identical: all {{values}} loss values of the {{runs}} runs have the same bits the second time (fingerprint {{fingerprint}} both times).',
    different:
      'Different: run {{run}} first differs at step {{step}}; the largest difference is {{maxDiff}}.',
    lengths: 'A run stopped at a different step.',
    otherBackend:
      'The second run was trained on {{second}}, not {{first}} (it could not start again), so this compares two backends.',
    failed: 'The second run failed: {{error}}',
    whyTitle: 'Why a run repeats exactly, and why backends differ in the last digits',
    why1: 'The seed fixes every random number: the start point, the gradient noise, the data split and the minibatches are drawn from named streams of that seed, in the same order every time. Each backend then runs the same float32 operations in the same order, so the same link gives the same bits, as this check shows.',
    why2: 'Across backends that order is not the same. Float32 addition is not associative — (a + b) + c and a + (b + c) can differ in the last bit — and a GPU sums a reduction in parallel, as a tree, where the CPU sums in a loop; a GPU may fuse a multiply and an add into one rounding (fused multiply-add) where the CPU rounds twice; exp, log and tanh are computed by different code. Each step then differs by about one part in 10⁷ (float32 keeps 24 bits), which can grow over the steps: WebGPU and CPU runs differ in their last digits and fingerprints, while each repeats itself exactly and the verdicts agree.',
    why3: 'The notes’ PyTorch switch is the same trade-off: torch.backends.cudnn.deterministic = True (with benchmark = False) uses kernels that give the same bits every run; benchmark = True picks the fastest kernel per run, whose order of sums may change. tfjs’ WebGPU matrix product has such a kernel too: for inner dimensions of 2000 and more it splits the sum across threads with atomic adds, whose order varies — the lab’s models stay far below that.',
  },
  exportPanel: {
    title: 'Export',
    png: 'Figure as PNG',
    svg: 'Figure as SVG',
    csv: 'Traces as CSV',
    json: 'Traces as JSON',
    waiting: 'Export is available once the runs have finished training.',
    saved: 'Saved {{name}}.',
    failed: 'Export failed: {{error}}',
  },
  qr: {
    open: 'Show QR code',
    title: 'Scan to open this run',
    hint: 'The code holds the whole link: the same scene, learning rates and seed.',
    close: 'Close',
    label: 'QR code of the link to this run',
    tooLong: 'This link is too long for a QR code; use Copy link instead.',
  },
};
