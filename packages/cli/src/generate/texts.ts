/** Feedback texts by mood and language: realistic enough for sentiment-aware replies to differ. */
export const FEEDBACK_TEXTS = {
  angry: {
    'zh-CN': [
      '这门课太烂了，讲得乱七八糟，完全浪费时间！',
      '客服一直不回复，太让人失望了，我要退款。',
      '又卡住了，提交了三次都失败，什么破系统！',
      '物流慢得离谱，商品还和描述不一样，非常生气。',
    ],
    en: [
      'This course is terrible, a complete waste of my time!',
      'Nobody answers support tickets. Very disappointed, I want a refund.',
      'It crashed again, three submissions failed. Unacceptable.',
      'Shipping took forever and the product does not match the photos. Angry.',
    ],
  },
  neutral: {
    'zh-CN': [
      '希望能增加夜间模式。',
      '尺码建议再小一点。',
      '练习题能不能多一些讲解？',
      '活动规则有点看不懂。',
    ],
    en: [
      'Please add a dark mode.',
      'The sizes run large; a smaller size would help.',
      'Could the practice tasks include more explanation?',
      'The event rules are a bit hard to follow.',
    ],
  },
  happy: {
    'zh-CN': ['老师讲得很好，学到很多！', '邻居们太热心了，谢谢大家。', '新版本很好用，点赞！'],
    en: [
      'Great teacher, I learned a lot!',
      'Neighbours were so helpful, thank you.',
      'The new version is lovely, well done!',
    ],
  },
} as const;

export type Mood = keyof typeof FEEDBACK_TEXTS;

/** Sentiment score by mood (−1 … 1), as the lifecycle plugin reads `payload.sentiment`. */
export const MOOD_SENTIMENT: Record<Mood, number> = { angry: -0.85, neutral: 0, happy: 0.8 };

/** Suggestion / proposal titles by profile. */
export const IDEAS = {
  'zh-CN': ['增加夜间模式', '社区花园改造', '课程加字幕', '包装改为可回收材料', '跨部门周会改为双周'],
  en: [
    'Add a dark mode',
    'Redesign the community garden',
    'Subtitles for courses',
    'Recyclable packaging',
    'Fortnightly cross-team review',
  ],
} as const;
