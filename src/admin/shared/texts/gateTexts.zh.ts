/**
 * The publish gate's verdict on each regression question in the staff's words, and restoring
 * single entries of the draft — part of the console's texts (`consoleTexts.zh.ts`, key `gate`).
 */

/** The publish gate's texts in Chinese. */
export const zhGateTexts = {
  question: '问题',
  expected: '应该回答',
  answered: '机器人的回答',
  problem: '问题所在',
  shouldNotKnow: '应说明不知道（转人工）',
  fallback: '说不知道（转人工）',
  noSource: '没有引用条目',
  topic: (name: string) => `主题“${name}”`,
  entry: (title: string) => `条目《${title}》`,
  wrongTopic: (expected: string, got: string) => `应该回答${expected}，却回答了${got}。`,
  gaveFallback: (expected: string) => `应该回答${expected}，机器人却说不知道。`,
  answeredInstead: (got: string) => `应该说明不知道，机器人却回答了${got}。`,
  fallbackClaims: '说不知道时不应引用条目。',
  lacks: (needle: string) => `回答中缺少“${needle}”。`,
  forbidden: '回答包含禁止出现的数字或说法。',
  wrongLanguage: '回答的语言与提问不同。',
  fixHint: '点击条目可打开并修改它；或在上方“逐条还原”中把它还原为已发布的内容。',
  openEntry: '打开条目',
  restoreTitle: '逐条还原',
  restoreIntro: '把单个条目或文件恢复为已发布的内容，草稿中的其他修改保留。',
  restoreEntry: (slug: string) => `还原条目 ${slug}`,
  restoreFile: (file: string) => `还原文件 ${file}`,
  added: '（新建）',
};
