import type { Strings } from '../strings';

/** The page around the figure: title, layout, errors, notices, playback, presets, presenter mode, shortcuts. */
export const page: Pick<
  Strings,
  | 'app'
  | 'layout'
  | 'error'
  | 'notice'
  | 'playback'
  | 'preset'
  | 'presets'
  | 'presenter'
  | 'shortcuts'
  | 'gate'
  | 'curious'
> = {
  app: {
    title: 'lr-lab — 学习率实验室',
    lede_other: '{{scene}}：同一个起点，{{count}} 个学习率，一起训练。',
    surfaceFigure: '损失曲面与梯度下降的路径',
    surfaceCaption: '损失曲面：每次运行从 ○ 出发，每个点是一步。',
    surfaceAfterTraining:
      '网络的路径训练完成后，才沿着它们画出损失曲面；在此期间，损失曲线会随训练逐步延伸。',
    lossFigure: '损失随步数的变化',
    lossCaption: '每一步后的损失（对数刻度）：越低越好。',
    evaluatingSurface: '正在沿切片计算损失曲面…',
    surfaceProgress: '曲面计算进度',
    training_other: '正在训练 {{count}} 次运行…',
    trainingProgress: '训练进度',
    trainingStep_other: '正在训练 {{count}} 次运行 — 第 {{step}} 步，共 {{steps}} 步…',
    trainingFold: '正在训练第 {{fold}} 折（共 {{folds}} 折）— 第 {{step}} 步，共 {{steps}} 步…',
    trainingFolds: '正在同时训练全部 {{folds}} 折 — 第 {{step}} 步，共 {{steps}} 步…',
    trainingFailed: '训练失败：{{error}}',
    alreadyRun: 'η = {{lr}} 已经是一次运行。',
    lrLocked: '老师锁定了这节课的学习率。',
    analysisConcealed: '分析面板会显示结论：等每次运行都有了预测或结论揭晓后才打开。',
    runsFull: '最多 {{max}} 次运行：先删除一次，才能加入 η = {{lr}}。',
    added: '已将 η = {{lr}} 加为第 {{run}} 次运行。',
    announce: '第 {{run}} 次运行：{{verdict}}。',
    hoverStep: '第 {{step}} 步：',
    hoverDiverged: '已发散',
    view: '显示',
    language: '语言',
    palette: '配色',
    paletteNotes: '笔记的配色',
    paletteSafe: '色盲友好（Okabe–Ito）',
    workerRestarted: '训练线程已停止（{{why}}），已重新启动。',
    workerSilent: '它不再回应',
    workerCrashed: '训练线程已停止',
    workerKeepsStopping: '训练线程反复停止（{{why}}）；请重新加载页面再试',
  },
  layout: {
    stage: '图',
    finishing: '已画出。后台仍在收尾（测量本设备上最快的训练方式）；除非有提示，曲线不会再变。',
    analysing: '已画出。仍在计算面板：{{panel}}…',
    done_other: '完成：已训练 {{count}} 个学习率。',
    presentOn: '讲课模式',
    presentOff: '退出',
    presetShort: {
      lecture: '课堂那张图',
      thresholds: '1/λ 与 2/λ',
      plain: '狭长山谷',
      momentum: '+ 动量',
      sweep: '扫描',
      overfit: '过拟合',
      kfold: '5 折',
    },
  },
  error: {
    drawing: '绘制实验室时出错：{{message}}',
    panels: '图下方的面板未能加载：{{message}}。请重新加载再试。',
    reload: '用同一个链接重新加载',
    home: '打开默认的课堂图',
  },
  notice: {
    linkUnused: '链接中有些部分无法使用，已改用默认值：',
    dismiss: '关闭',
  },
  playback: {
    label: '播放',
    play: '播放',
    pause: '暂停',
    step: '单步',
    reset: '重置',
    resetTitle: '按链接中的种子重新训练并重放',
    position: '第 {{cursor}} / {{steps}} 步',
  },
  preset: {
    overfit: '过拟合：小训练集与宽网络',
    kfold: '5 折交叉验证挑选学习率',
  },
  presets: {
    label: '预设',
    name: {
      lecture: '课堂上的那张图',
      thresholds: '二次函数：1/λmax 与 2/λmax',
      plain: '狭长山谷，普通梯度下降',
      momentum: '狭长山谷，加动量',
      sweep: '学习率扫描',
      overfit: '过拟合',
      kfold: '5 折交叉验证',
    },
    title: {
      lecture: '课堂山谷上的四个学习率：太小、刚刚好、太大、发散',
      thresholds: '二次碗形函数，各次运行分列 1/λmax（开始越过谷底）与 2/λmax（开始发散）两侧',
      plain: '在条件数为 30 的碗形函数上，用普通梯度下降跑四个学习率',
      momentum: '同样四个学习率，加上重球动量 β = 0.5：超过 2/λmax 的那个也收敛了',
      sweep: '课堂山谷上扫描 64 个学习率，每个按其判断着色',
      overfit: '小训练集与宽网络：训练损失下降时，验证损失却回升',
      kfold: '三个学习率各做五折，作为一批一起训练；由平均值挑出一个',
    },
  },
  presenter: {
    label: '讲课',
    present: '讲课模式',
    presentTitle: '大字号、粗线条、高对比度、全屏',
    fullscreen: '全屏',
    shortcuts: '快捷键',
    refused: '浏览器在这里不允许全屏；请改按 F11（或浏览器的全屏键）。',
  },
  shortcuts: {
    title: '键盘快捷键',
    key: { space: '空格键', left: '←', right: '→', digits: '1 … 9', help: '?' },
    does: {
      space: '播放或暂停',
      left: '后退一步',
      right: '前进一步',
      digits: '打开一个预设（按钮上的数字）',
      help: '这个列表',
    },
    note: '在输入框中输入时快捷键暂停生效；滑块获得焦点时，方向键移动滑块。',
    off: '老师已为本节课关闭',
    close: '关闭',
  },
  gate: {
    locked: '老师已为本节课锁定',
  },
  curious: {
    summary: '给好奇的你',
  },
};
