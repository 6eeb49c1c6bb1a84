/** Feedback texts, angry and calm, in zh-CN and en (what real users write). */
export const ANGRY_FEEDBACK: readonly string[] = [
  '这门课太烂了，完全浪费时间！',
  '客服根本不回复，差评！',
  '页面一直报错，气死我了',
  'This course is terrible.',
  'Nobody ever answers, worst app ever!!!',
  'I want a refund NOW',
];

/** Calm, neutral or positive feedback texts in zh-CN and en: the sentiment classifier should not read them as angry. */
export const CALM_FEEDBACK: readonly string[] = [
  '希望增加夜间模式',
  '尺码偏小，建议做大一号',
  'Could you add a dark mode?',
  'The size runs small, please add a larger one.',
  '',
];
