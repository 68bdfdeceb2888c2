/**
 * The entry form of the console and its round trip to the entry files.
 *
 * One form edits both files of an entry (`entries/<slug>.zh.md` and `.en.md`): title,
 * question phrasings, answer, source, as-of date, review status and note, tags. Saving
 * changes only the YAML nodes whose value changed (through the `yaml` Document API, which
 * keeps comments, quoting and layout), so an unchanged field never changes its file and a
 * changed one changes one line — the diff staff see is the edit they made.
 */
import { isMap, isSeq, parse as parseYaml, parseDocument, Pair, Scalar, type Document, type YAMLMap } from 'yaml';
import type { Language } from '../../shared/language.js';
import type { KnowledgeFiles } from './knowledgeFiles.js';
import type { FieldProblem } from './validateContent.js';

/** How the YAML is written back: as the shipped files are written. */
export const YAML_OUTPUT = { lineWidth: 0, flowCollectionPadding: false } as const;
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** The fields of one language of an entry, as the form holds them (text only). */
export interface EntryLanguageForm {
  title: string;
  /** One phrasing per line. */
  questions: string;
  /** The answer, Markdown. */
  body: string;
  sourceTitle: string;
  sourcePublisher: string;
  sourceDate: string;
  sourceUrl: string;
  asOf: string;
  review: string;
  reviewNote: string;
  /** Comma- or line-separated. */
  tags: string;
}

/** The whole entry form. */
export interface EntryForm {
  slug: string;
  topic: string;
  /** For a new topic: its names. */
  newTopicZh: string;
  newTopicEn: string;
  zh: EntryLanguageForm;
  en: EntryLanguageForm;
}

const LANGUAGE_FIELDS: ReadonlyArray<keyof EntryLanguageForm> = [
  'title',
  'questions',
  'body',
  'sourceTitle',
  'sourcePublisher',
  'sourceDate',
  'sourceUrl',
  'asOf',
  'review',
  'reviewNote',
  'tags',
];

/** The path of an entry file. */
export const entryFile = (slug: string, language: Language) => `entries/${slug}.${language}.md`;

/** Browsers send textarea line breaks as CRLF; files use LF. */
export const normaliseText = (text: string) => text.replace(/\r\n?/g, '\n');
const lines = (text: string) => normaliseText(text).split('\n').map((l) => l.trim()).filter(Boolean);
const tagList = (text: string) => normaliseText(text).split(/[\n,，、]/).map((t) => t.trim()).filter(Boolean);

/** An empty language form, for new entries. */
export function emptyLanguageForm(): EntryLanguageForm {
  return { title: '', questions: '', body: '', sourceTitle: '', sourcePublisher: '', sourceDate: '', sourceUrl: '', asOf: '', review: 'verified', reviewNote: '', tags: '' };
}

/** Splits an entry file into its front matter (as data) and its answer. */
export function splitEntryFile(text: string): { frontMatter: Record<string, unknown>; frontMatterText: string; body: string } | undefined {
  const match = FRONT_MATTER.exec(text);
  if (!match) return undefined;
  const data: unknown = parseYaml(match[1] ?? '');
  if (typeof data !== 'object' || data === null) return undefined;
  return { frontMatter: data as Record<string, unknown>, frontMatterText: match[1] ?? '', body: match[2] ?? '' };
}

const str = (v: unknown) => (v === undefined || v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(str) : []);

/** The form of an existing entry, read from its files. */
export function readEntryForm(files: KnowledgeFiles, slug: string): EntryForm | undefined {
  const parts = (['zh', 'en'] as const).map((language) => {
    const text = files[entryFile(slug, language)];
    return text === undefined ? undefined : splitEntryFile(text);
  });
  if (!parts[0] && !parts[1]) return undefined;
  const toForm = (part: (typeof parts)[number]): EntryLanguageForm => {
    if (!part) return emptyLanguageForm();
    const fm = part.frontMatter;
    const source = (fm.source ?? {}) as Record<string, unknown>;
    return {
      title: str(fm.title),
      questions: list(fm.questions).join('\n'),
      body: part.body.replace(/\s+$/, ''),
      sourceTitle: str(source.title),
      sourcePublisher: str(source.publisher),
      sourceDate: str(source.date),
      sourceUrl: str(source.url),
      asOf: str(fm.asOf),
      review: str(fm.review),
      reviewNote: str(fm.reviewNote),
      tags: list(fm.tags).join(', '),
    };
  };
  return { slug, topic: str((parts[0] ?? parts[1])!.frontMatter.topic), newTopicZh: '', newTopicEn: '', zh: toForm(parts[0]), en: toForm(parts[1]) };
}

/** The form as posted (`zh.title`, `en.questions`, …). Missing fields are empty. */
export function readPostedEntryForm(body: URLSearchParams): EntryForm {
  const language = (l: Language): EntryLanguageForm => {
    const form = emptyLanguageForm();
    for (const field of LANGUAGE_FIELDS) form[field] = normaliseText(body.get(`${l}.${field}`) ?? '');
    return form;
  };
  return {
    slug: (body.get('slug') ?? '').trim(),
    topic: (body.get('topic') ?? '').trim(),
    newTopicZh: (body.get('newTopicZh') ?? '').trim(),
    newTopicEn: (body.get('newTopicEn') ?? '').trim(),
    zh: language('zh'),
    en: language('en'),
  };
}

/**
 * Writes a form into the files: the two entry files change (or are created), and for a
 * topic not in `topics.yaml` the topic is added with the form's names. Returns new files;
 * validate them before saving.
 */
export function applyEntryForm(files: KnowledgeFiles, form: EntryForm): KnowledgeFiles {
  const next = { ...files };
  for (const language of ['zh', 'en'] as const) {
    const file = entryFile(form.slug, language);
    next[file] = writeEntryFile(files[file], form, language);
  }
  if (files['topics.yaml'] !== undefined) next['topics.yaml'] = ensureTopic(files['topics.yaml'], form);
  return next;
}

function writeEntryFile(existing: string | undefined, form: EntryForm, language: Language): string {
  const f = form[language];
  const parts = existing === undefined ? undefined : FRONT_MATTER.exec(existing);
  const doc: Document = parts ? parseDocument(parts[1] ?? '') : parseDocument('{}');
  if (!parts) doc.contents = doc.createNode({}) as YAMLMap;
  const changes = [
    setValue(doc, ['id'], `${form.slug}.${language}`),
    setValue(doc, ['topic'], form.topic),
    setValue(doc, ['language'], language),
    setValue(doc, ['title'], f.title.trim()),
    setValue(doc, ['questions'], lines(f.questions)),
    setValue(doc, ['source', 'title'], f.sourceTitle.trim()),
    setValue(doc, ['source', 'publisher'], f.sourcePublisher.trim()),
    setValue(doc, ['source', 'date'], f.sourceDate.trim()),
    setValue(doc, ['source', 'url'], f.sourceUrl.trim() || undefined),
    setValue(doc, ['asOf'], f.asOf.trim()),
    setValue(doc, ['review'], f.review.trim()),
    setValue(doc, ['reviewNote'], f.reviewNote.trim() || undefined, 'review'),
    setValue(doc, ['tags'], tagList(f.tags)),
  ];
  const oldBody = parts?.[2] ?? '';
  const newBody = normaliseText(f.body).replace(/\s+$/, '');
  const body = oldBody.replace(/\s+$/, '') === newBody ? oldBody : `${newBody}\n`;
  const frontMatter = parts && !changes.includes(true) ? `${parts[1]}\n` : doc.toString(YAML_OUTPUT);
  return `---\n${frontMatter}---\n${body}`;
}

/**
 * Sets a value in a YAML document only when it differs from what is there; `undefined`
 * removes the key. A new key is placed after `after` when given. A replaced list keeps its
 * flow or block style.
 */
export function setValue(doc: Document, path: readonly (string | number)[], value: unknown, after?: string): boolean {
  const current: unknown = doc.getIn(path, false);
  const currentJs: unknown = current instanceof Scalar ? current.value : isSeq(current) || isMap(current) ? current.toJSON() : current;
  if (value === undefined) {
    if (!doc.hasIn(path)) return false;
    doc.deleteIn(path);
    return true;
  }
  if (JSON.stringify(normaliseDates(currentJs)) === JSON.stringify(value)) return false;
  const existing = doc.getIn(path, true);
  const node = doc.createNode(value);
  if ((isSeq(node) && isSeq(existing)) || (isMap(node) && isMap(existing))) node.flow = existing.flow;
  if (!doc.hasIn(path) && after !== undefined && path.length === 1) {
    const map = doc.contents as YAMLMap;
    const index = map.items.findIndex((pair) => (pair.key instanceof Scalar ? pair.key.value : pair.key) === after);
    if (index >= 0) {
      map.items.splice(index + 1, 0, new Pair(doc.createNode(path[0]), node));
      return true;
    }
  }
  doc.setIn(path, node);
  return true;
}

function normaliseDates(value: unknown): unknown {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value;
}

function ensureTopic(topicsText: string, form: EntryForm): string {
  const data = parseYaml(topicsText) as { topics?: Array<{ id?: unknown }> } | null;
  if (!form.topic || data?.topics?.some((t) => t.id === form.topic)) return topicsText;
  const doc = parseDocument(topicsText);
  const name = doc.createNode({ zh: form.newTopicZh, en: form.newTopicEn });
  name.flow = true;
  const item = doc.createNode({ id: form.topic }) as YAMLMap;
  item.add(new Pair(doc.createNode('name'), name));
  doc.addIn(['topics'], item);
  return doc.toString(YAML_OUTPUT);
}

/**
 * Maps validation problems to the form's fields (`zh.title`, `en.questions`, `topic`,
 * `slug`, …); problems of other files go under `_` (shown at the top of the form).
 */
export function entryFieldErrors(problems: readonly FieldProblem[], slug: string): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (field: string, problem: string) => (errors[field] ??= []).push(problem);
  const ownFiles = [entryFile(slug, 'zh'), entryFile(slug, 'en')];
  // An invalid entry also leaves its topic uncovered; that follows from the entry's own errors.
  const entryInvalid = problems.some((p) => ownFiles.includes(p.file));
  for (const p of problems) {
    if (entryInvalid && p.file === 'topics.yaml' && p.problem.startsWith('no entry declares')) continue;
    const language = (['zh', 'en'] as const).find((l) => p.file === entryFile(slug, l));
    if (!language) {
      add(p.file === 'topics.yaml' ? 'topic' : '_', p.file === '-' ? p.problem : `${p.file}: ${p.field}: ${p.problem}`);
      continue;
    }
    const [head, sub] = p.field.split('.');
    const field =
      head === 'source' ? `source${(sub ?? 'title').charAt(0).toUpperCase()}${(sub ?? 'title').slice(1)}`
      : head === 'id' ? 'slug'
      : head === 'topic' ? 'topic'
      : head === '-' || head === 'front matter' || head === 'language' ? '_'
      : head;
    add(field === 'slug' || field === 'topic' || field === '_' ? field : `${language}.${field}`, field === '_' ? `${p.file}: ${p.problem}` : p.problem);
  }
  return errors;
}
