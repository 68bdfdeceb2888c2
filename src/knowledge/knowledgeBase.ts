/**
 * The knowledge the engine answers from: validated content plus the retriever built over
 * it. A {@link KnowledgeSource} hands out the current one, so content can be replaced
 * while the bot runs.
 */
import type { KnowledgeContent } from './loadKnowledge.js';
import { createOverviewRule } from './preferOverview.js';
import { createRetriever, type Retriever, type RetrieverOptions } from './retriever.js';
import type { KnowledgeEntry } from './schema.js';
import type { Language } from '../shared/language.js';
import { createTextAnalyzer } from './textAnalyzer.js';

/** Validated content and its search index. */
export interface KnowledgeBase {
  readonly content: KnowledgeContent;
  readonly retriever: Retriever;
  /** The entry of `topic` written in `language` (the first one, when a topic has several). */
  entryFor(topic: string, language: Language): KnowledgeEntry | undefined;
  /** The same entry in `language`: its pair, or itself. */
  inLanguage(entry: KnowledgeEntry, language: Language): KnowledgeEntry;
  /** The display name of a topic. */
  topicName(topic: string, language: Language): string;
}

/** Hands out the knowledge base currently in force. */
export interface KnowledgeSource {
  current(): KnowledgeBase;
}

/**
 * Builds the search index over validated content.
 *
 * @param content - what {@link loadKnowledge} returned
 * @param retrieverOptions - confidence tuning, see {@link RetrieverOptions}
 */
export function buildKnowledgeBase(content: KnowledgeContent, retrieverOptions?: RetrieverOptions): KnowledgeBase {
  const analyzer = createTextAnalyzer(content.lexicon);
  const retriever = createRetriever(content.entries, analyzer, retrieverOptions, createOverviewRule(content.topics, content.lexicon.breadthWords, analyzer.normalize), new Map(content.topics.flatMap((t) => (t.venues ? [[t.id, t.venues] as const] : []))), new Map(content.topics.flatMap((t) => (t.askedWith ? [[t.id, t.askedWith] as const] : []))));
  const byId = new Map(content.entries.map((e) => [e.id, e]));
  const byTopic = new Map<string, KnowledgeEntry>();
  for (const entry of content.entries) {
    const key = `${entry.topic}/${entry.language}`;
    if (!byTopic.has(key)) byTopic.set(key, entry);
  }
  const names = new Map(content.topics.map((t) => [t.id, t.name]));
  return {
    content,
    retriever,
    entryFor: (topic, language) => byTopic.get(`${topic}/${language}`),
    inLanguage(entry, language) {
      if (entry.language === language) return entry;
      return byId.get(`${entry.id.slice(0, entry.id.lastIndexOf('.'))}.${language}`) ?? entry;
    },
    topicName: (topic, language) => names.get(topic)?.[language] ?? topic,
  };
}

/** A source that always hands out the same knowledge base. */
export function fixedKnowledge(base: KnowledgeBase): KnowledgeSource {
  return { current: () => base };
}
