/** Sentiment words with a polarity weight in [-1, 1]; zh-CN and en. */
export const POLARITY: ReadonlyMap<string, number> = new Map([
  // zh-CN negative
  ['差', -0.8], ['太差', -1], ['很差', -0.9], ['糟糕', -0.9], ['垃圾', -1], ['烂', -0.9], ['失望', -0.8],
  ['生气', -0.8], ['愤怒', -1], ['讨厌', -0.8], ['难用', -0.8], ['无聊', -0.6], ['浪费', -0.7], ['坑', -0.7],
  ['慢', -0.4], ['卡', -0.4], ['问题', -0.3], ['错误', -0.5], ['崩溃', -0.8], ['骗', -0.9], ['后悔', -0.7],
  ['不满', -0.8], ['投诉', -0.5], ['麻烦', -0.4], ['难', -0.3], ['贵', -0.3],
  // zh-CN positive
  ['好', 0.6], ['很好', 0.8], ['棒', 0.8], ['优秀', 0.9], ['喜欢', 0.7], ['满意', 0.8], ['感谢', 0.6],
  ['谢谢', 0.6], ['赞', 0.8], ['实用', 0.6], ['清楚', 0.5], ['方便', 0.6], ['有用', 0.6], ['精彩', 0.9],
  ['推荐', 0.6], ['完美', 1], ['开心', 0.7], ['不错', 0.6], ['好用', 0.8], ['专业', 0.6], ['快', 0.3],
  // en negative
  ['bad', -0.7], ['terrible', -1], ['awful', -1], ['horrible', -1], ['worst', -1], ['poor', -0.6],
  ['hate', -0.9], ['angry', -0.8], ['disappointed', -0.8], ['disappointing', -0.8], ['useless', -0.9],
  ['boring', -0.6], ['broken', -0.7], ['slow', -0.4], ['bug', -0.4], ['buggy', -0.6], ['waste', -0.7],
  ['annoying', -0.7], ['confusing', -0.6], ['problem', -0.3], ['crash', -0.7], ['crashes', -0.7],
  ['scam', -1], ['rubbish', -0.9], ['sucks', -0.9], ['expensive', -0.3], ['wrong', -0.5],
  // en positive
  ['good', 0.6], ['great', 0.8], ['excellent', 0.9], ['love', 0.8], ['like', 0.4], ['nice', 0.6],
  ['helpful', 0.7], ['useful', 0.6], ['clear', 0.4], ['amazing', 0.9], ['awesome', 0.9], ['perfect', 1],
  ['thanks', 0.5], ['thank', 0.5], ['happy', 0.7], ['satisfied', 0.7], ['recommend', 0.6], ['fast', 0.3],
  ['easy', 0.5], ['fantastic', 0.9], ['wonderful', 0.9], ['fine', 0.3],
  // emoji
  ['😡', -1], ['🤬', -1], ['😠', -0.9], ['👎', -0.8], ['😞', -0.7], ['😢', -0.6], ['😭', -0.7], ['💩', -0.9],
  ['🙄', -0.5], ['😤', -0.7], ['👍', 0.7], ['❤️', 0.8], ['❤', 0.8], ['😀', 0.6], ['😊', 0.7], ['😍', 0.9],
  ['🎉', 0.7], ['👏', 0.7], ['🙏', 0.4], ['😄', 0.7], ['💯', 0.8],
]);

/** Words that flip the polarity of the next sentiment word (within a short scope). */
export const NEGATORS: ReadonlySet<string> = new Set([
  '不', '没', '没有', '别', '无', '未', '不是', '并不', 'not', 'no', 'never', "don't", "doesn't", "isn't", "wasn't",
  "aren't", "didn't", "can't", 'cannot', "won't", 'hardly', 'nothing',
]);

/** Words that strengthen the next sentiment word, with their factor. */
export const INTENSIFIERS: ReadonlyMap<string, number> = new Map([
  ['太', 1.5], ['非常', 1.6], ['很', 1.3], ['特别', 1.5], ['超', 1.5], ['极', 1.8], ['十分', 1.5], ['真', 1.3],
  ['最', 1.6], ['好', 1.2], ['very', 1.5], ['so', 1.4], ['really', 1.4], ['extremely', 1.8], ['too', 1.4],
  ['super', 1.5], ['totally', 1.5], ['absolutely', 1.6], ['quite', 1.2],
]);

/** Every multi-character CJK entry, longest first, for greedy segmentation. */
export const CJK_ENTRIES: readonly string[] = [...POLARITY.keys(), ...NEGATORS, ...INTENSIFIERS.keys()]
  .filter((w) => /\p{Script=Han}/u.test(w))
  .sort((a, b) => b.length - a.length);
