import { CJK_ENTRIES, INTENSIFIERS, NEGATORS, POLARITY } from './lexicon';

/** What a classifier says about a text. `score` is in [-1, 1]. */
export interface Sentiment {
  score: number;
  label: 'negative' | 'neutral' | 'positive';
}

/**
 * A pluggable sentiment classifier: give `replies({ classifier })` your own (a model, a service
 * wrapped synchronously from a cache…). It must be a pure function of its inputs.
 */
export interface SentimentClassifier {
  /** The sentiment of `text` (written in `locale`): a score from -1 (angry) to 1 (happy) and its label. */
  classify(text: string, locale: string): Sentiment;
}

/** Options of the lexicon classifier. */
export interface LexiconClassifierOptions {
  /** |score| at or above which a text is positive/negative (default 0.2). */
  threshold?: number;
}

const TOKEN = /\p{Extended_Pictographic}\uFE0F?|[A-Za-z]+(?:'[A-Za-z]+)?|\p{Script=Han}+/gu;

/** Splits Han runs greedily into lexicon entries (longest first); other Han characters stand alone. */
function segmentHan(run: string, out: string[]): void {
  let i = 0;
  while (i < run.length) {
    const entry = CJK_ENTRIES.find((w) => run.startsWith(w, i));
    const piece = entry ?? run.charAt(i);
    out.push(piece);
    i += piece.length;
  }
}

/** Lower-cased tokens: English words, emoji, and lexicon-segmented Chinese. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    if (/\p{Script=Han}/u.test(token)) segmentHan(token, out);
    else out.push(token.toLowerCase());
  }
  return out;
}

const polarityOf = (token: string | undefined): number | undefined =>
  token === undefined ? undefined : (POLARITY.get(token) ?? POLARITY.get(token.replace(/\uFE0F$/, '')));

/**
 * Scores tokens: a negator flips (and softens) the next sentiment word within 3 tokens; an intensifier
 * multiplies it. A word that is both (好) intensifies when a sentiment word follows (好难用).
 */
function scoreTokens(tokens: readonly string[]): number {
  let sum = 0;
  let negate = 0;
  let boost = 1;
  tokens.forEach((token, i) => {
    if (NEGATORS.has(token)) {
      negate = 3;
      return;
    }
    const polarity = polarityOf(token);
    const factor = INTENSIFIERS.get(token);
    if (factor !== undefined && (polarity === undefined || polarityOf(tokens[i + 1]) !== undefined)) {
      boost *= factor;
      return;
    }
    if (polarity !== undefined) {
      let value = polarity * boost;
      if (negate > 0) value = -value * 0.8;
      sum += value;
      negate = 0;
      boost = 1;
      return;
    }
    if (negate > 0) negate -= 1;
    boost = 1;
  });
  return sum;
}

/**
 * The default classifier: a small zh-CN + en lexicon with negation (不/没/not/never), intensifiers
 * (太/非常/very/so) and emoji (😡 👍 …). Deterministic; the score is `tanh` of the summed weights.
 *
 * @example
 * createLexiconClassifier().classify('这课程太差了', 'zh-CN') // { score: -0.9…, label: 'negative' }
 */
export function createLexiconClassifier(options: LexiconClassifierOptions = {}): SentimentClassifier {
  const threshold = options.threshold ?? 0.2;
  return {
    classify(text) {
      const raw = scoreTokens(tokenize(typeof text === 'string' ? text : ''));
      const score = Math.max(-1, Math.min(1, Math.round(Math.tanh(raw) * 1000) / 1000));
      const label = score <= -threshold ? 'negative' : score >= threshold ? 'positive' : 'neutral';
      return { score: Object.is(score, -0) ? 0 : score, label };
    },
  };
}
