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
    title: 'lr-lab — 學習率實驗室',
    lede_other: '{{scene}}：同一個起點，{{count}} 個學習率，一起訓練。',
    surfaceFigure: '損失曲面與梯度下降的路徑',
    surfaceCaption: '損失曲面：每次執行從 ○ 出發，每個點是一步。',
    surfaceAfterTraining:
      '網路的路徑訓練完成後，才沿著它們畫出損失曲面；在此期間，損失曲線會隨訓練逐步延伸。',
    lossFigure: '損失隨步數的變化',
    lossCaption: '每一步後的損失（對數刻度）：越低越好。',
    evaluatingSurface: '正在沿切片計算損失曲面…',
    surfaceProgress: '曲面計算進度',
    training_other: '正在訓練 {{count}} 次執行…',
    trainingProgress: '訓練進度',
    trainingStep_other: '正在訓練 {{count}} 次執行 — 第 {{step}} 步，共 {{steps}} 步…',
    trainingFold: '正在訓練第 {{fold}} 折（共 {{folds}} 折）— 第 {{step}} 步，共 {{steps}} 步…',
    trainingFolds: '正在同時訓練全部 {{folds}} 折 — 第 {{step}} 步，共 {{steps}} 步…',
    trainingFailed: '訓練失敗：{{error}}',
    alreadyRun: 'η = {{lr}} 已經是一次執行。',
    lrLocked: '老師鎖定了這堂課的學習率。',
    analysisConcealed: '分析面板會顯示結論：等每次執行都有了預測或結論揭曉後才打開。',
    runsFull: '最多 {{max}} 次執行：先刪除一次，才能加入 η = {{lr}}。',
    added: '已將 η = {{lr}} 加為第 {{run}} 次執行。',
    announce: '第 {{run}} 次執行：{{verdict}}。',
    hoverStep: '第 {{step}} 步：',
    hoverDiverged: '已發散',
    view: '顯示',
    language: '語言',
    palette: '配色',
    paletteNotes: '筆記的配色',
    paletteSafe: '色盲友善（Okabe–Ito）',
    workerRestarted: '訓練執行緒已停止（{{why}}），已重新啟動。',
    workerSilent: '它不再回應',
    workerCrashed: '訓練執行緒已停止',
    workerKeepsStopping: '訓練執行緒反覆停止（{{why}}）；請重新載入頁面再試',
  },
  layout: {
    stage: '圖',
    finishing: '已畫出。背景仍在收尾（測量本裝置上最快的訓練方式）；除非有提示，曲線不會再變。',
    analysing: '已畫出。仍在計算面板：{{panel}}…',
    done_other: '完成：已訓練 {{count}} 個學習率。',
    presentOn: '講課模式',
    presentOff: '退出',
    presetShort: {
      lecture: '課堂那張圖',
      thresholds: '1/λ 與 2/λ',
      plain: '狹長山谷',
      momentum: '+ 動量',
      sweep: '掃描',
      overfit: '過擬合',
      kfold: '5 折',
    },
  },
  error: {
    drawing: '繪製實驗室時出錯：{{message}}',
    panels: '圖下方的面板未能載入：{{message}}。請重新載入再試。',
    reload: '用同一個連結重新載入',
    home: '開啟預設的課堂圖',
  },
  notice: {
    linkUnused: '連結中有些部分無法使用，已改用預設值：',
    dismiss: '關閉',
  },
  playback: {
    label: '播放',
    play: '播放',
    pause: '暫停',
    step: '單步',
    reset: '重設',
    resetTitle: '依連結中的種子重新訓練並重播',
    position: '第 {{cursor}} / {{steps}} 步',
  },
  preset: {
    overfit: '過擬合：小訓練集與寬網路',
    kfold: '5 折交叉驗證挑選學習率',
  },
  presets: {
    label: '預設',
    name: {
      lecture: '課堂上的那張圖',
      thresholds: '二次函數：1/λmax 與 2/λmax',
      plain: '狹長山谷，一般梯度下降',
      momentum: '狹長山谷，加動量',
      sweep: '學習率掃描',
      overfit: '過擬合',
      kfold: '5 折交叉驗證',
    },
    title: {
      lecture: '課堂山谷上的四個學習率：太小、剛剛好、太大、發散',
      thresholds: '二次碗形函數，各次執行分列 1/λmax（開始越過谷底）與 2/λmax（開始發散）兩側',
      plain: '在條件數為 30 的碗形函數上，用一般梯度下降跑四個學習率',
      momentum: '同樣四個學習率，加上重球動量 β = 0.5：超過 2/λmax 的那個也收斂了',
      sweep: '課堂山谷上掃描 64 個學習率，每個依其判斷著色',
      overfit: '小訓練集與寬網路：訓練損失下降時，驗證損失卻回升',
      kfold: '三個學習率各做五折，作為一批一起訓練；由平均值挑出一個',
    },
  },
  presenter: {
    label: '講課',
    present: '講課模式',
    presentTitle: '大字級、粗線條、高對比、全螢幕',
    fullscreen: '全螢幕',
    shortcuts: '快速鍵',
    refused: '瀏覽器在這裡不允許全螢幕；請改按 F11（或瀏覽器的全螢幕鍵）。',
  },
  shortcuts: {
    title: '鍵盤快速鍵',
    key: { space: '空白鍵', left: '←', right: '→', digits: '1 … 9', help: '?' },
    does: {
      space: '播放或暫停',
      left: '後退一步',
      right: '前進一步',
      digits: '開啟一個預設（按鈕上的數字）',
      help: '這個清單',
    },
    note: '在輸入欄位中打字時快速鍵暫停作用；滑桿取得焦點時，方向鍵會移動滑桿。',
    off: '老師已為本堂課關閉',
    close: '關閉',
  },
  gate: {
    locked: '老師已為本堂課鎖定',
  },
  curious: {
    summary: '給好奇的你',
  },
};
