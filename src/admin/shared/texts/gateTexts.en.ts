/**
 * The publish gate's texts in English, part of the console's texts (`consoleTexts.en.ts`, key
 * `gate`). The type is the Chinese texts' shape.
 */
import type { zhGateTexts } from './gateTexts.zh.js';

/** The publish gate's texts in English. */
export const enGateTexts: typeof zhGateTexts = {
  question: 'Question',
  expected: 'Should answer',
  answered: 'What the bot answered',
  problem: 'What is wrong',
  shouldNotKnow: 'should say it does not know (offer a person)',
  fallback: 'said it does not know (offered a person)',
  noSource: 'no entry cited',
  topic: (name: string) => `the topic “${name}”`,
  entry: (title: string) => `the entry “${title}”`,
  wrongTopic: (expected: string, got: string) => `It should answer with ${expected} but answered with ${got}.`,
  gaveFallback: (expected: string) => `It should answer with ${expected} but said it does not know.`,
  answeredInstead: (got: string) => `It should say it does not know but answered with ${got}.`,
  fallbackClaims: 'When it does not know it must not cite an entry.',
  lacks: (needle: string) => `The answer lacks “${needle}”.`,
  forbidden: 'The answer contains a forbidden figure or statement.',
  wrongLanguage: 'The answer is not in the language of the question.',
  fixHint: 'Open an entry to change it, or put it back to the published text under “Restore single entries” above.',
  openEntry: 'Open the entry',
  restoreTitle: 'Restore single entries',
  restoreIntro: 'Put one entry or file back to the published text; the draft keeps every other change.',
  restoreEntry: (slug: string) => `Restore entry ${slug}`,
  restoreFile: (file: string) => `Restore file ${file}`,
  added: '(new)',
};
