/**
 * The dialogue phrases form of the console and its round trip to `dialogue-acts.yaml`.
 *
 * Per dialogue act (greeting, thanks, … no) staff edit the whole-message phrasings, the
 * "contains" and "short" phrase lists where the act has them, and the bot's reply, in both
 * languages; phrasings are one per line. Only the acts are editable: fillers, support
 * questions and the follow-up vocabulary (with its regular expressions) stay as they are.
 * Saving rewrites only the lists and texts whose value changed ({@link rewriteYamlValues});
 * comments inside a rewritten list may be lost.
 */
import { isMap, parse as parseYaml, parseDocument } from 'yaml';
import { z } from 'zod';
import { dialogueActIdSchema, dialogueActsFileSchema, type DialogueActId } from '../../knowledge/dialogueActSchema.js';
import { DIALOGUE_ACTS_FILE } from '../../knowledge/loadKnowledge.js';
import type { Language } from '../../shared/language.js';
import { normaliseText } from './entryForm.js';
import type { KnowledgeFiles } from './knowledgeFiles.js';
import { rewriteYamlValues, type YamlValueChange } from './rewriteYamlValues.js';
import type { FieldProblem } from './validateContent.js';

/** The phrase lists of an act, in the order the page shows them. */
export const ACT_LISTS = ['whole', 'contains', 'short'] as const;
/** One phrase list of an act. */
export type ActList = (typeof ACT_LISTS)[number];

/** A text in both languages, as the form holds it (a list is one phrasing per line). */
export interface LanguagePair {
  zh: string;
  en: string;
}

/** One act on the form: the lists it has and its reply, if it has one. */
export interface ActForm {
  id: DialogueActId;
  lists: Partial<Record<ActList, LanguagePair>>;
  reply?: LanguagePair;
}

/** The whole form: every act the engine knows, in the schema's order. */
export interface DialogueActsForm {
  acts: ActForm[];
}

const MAX_TEXT = 20_000;
const pairSchema = z.object({ zh: z.string().max(MAX_TEXT), en: z.string().max(MAX_TEXT) }).strict();
const postedActSchema = z
  .object({ whole: pairSchema.optional(), contains: pairSchema.optional(), short: pairSchema.optional(), reply: pairSchema.optional() })
  .strict();
/** The posted form after its fields are grouped: per act id, the lists and the reply it sent. */
export const postedDialogueActsSchema = z.partialRecord(dialogueActIdSchema, postedActSchema);
/** The posted form. */
export type PostedDialogueActs = z.infer<typeof postedDialogueActsSchema>;

/** The name of a form field: `greeting.whole.zh`, `human.reply.en`. */
export const actFieldName = (act: DialogueActId, part: ActList | 'reply', language: Language) => `${act}.${part}.${language}`;
const FIELD = /^([a-z]+)\.(whole|contains|short|reply)\.(zh|en)$/;

const phrasings = (text: string) => normaliseText(text).split('\n').map((l) => l.trim()).filter(Boolean);

/** The form as the file states it. Lists the act does not have are left out; `whole` is always shown. */
export function readDialogueActsForm(files: KnowledgeFiles): DialogueActsForm {
  const raw: unknown = parseYaml(files[DIALOGUE_ACTS_FILE] ?? '') ?? {};
  const data = dialogueActsFileSchema.parse(raw);
  const rawActs = ((raw as { acts?: Record<string, Record<string, unknown> | null> }).acts ?? {}) as Record<string, Record<string, unknown> | null>;
  const acts = dialogueActIdSchema.options.map((id): ActForm => {
    const act = data.acts[id];
    const present = rawActs[id] ?? {};
    const lists: ActForm['lists'] = {};
    for (const list of ACT_LISTS) {
      if (list === 'whole' || present[list] !== undefined) lists[list] = { zh: (act?.[list].zh ?? []).join('\n'), en: (act?.[list].en ?? []).join('\n') };
    }
    return { id, lists, ...(act?.reply ? { reply: { ...act.reply } } : {}) };
  });
  return { acts };
}

/**
 * Groups the posted fields (`greeting.whole.zh`, …) by act and checks them with
 * {@link postedDialogueActsSchema}. Other fields (`_csrf`, `baseHash`) are ignored.
 *
 * @returns the posted acts, or undefined when the form is not one this page sends (an unknown act, half a pair, too long a text)
 */
export function readPostedDialogueActs(body: URLSearchParams): PostedDialogueActs | undefined {
  const grouped: Record<string, Record<string, Record<string, string>>> = {};
  for (const [name, value] of body) {
    const match = FIELD.exec(name);
    if (!match) continue;
    const [, act, part, language] = match as unknown as [string, string, string, string];
    ((grouped[act] ??= {})[part] ??= {})[language] = value;
  }
  const parsed = postedDialogueActsSchema.safeParse(grouped);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The form as it should be shown again after a refused save: the file's form with the
 * posted texts in place of the stored ones.
 */
export function mergePostedDialogueActs(form: DialogueActsForm, posted: PostedDialogueActs): DialogueActsForm {
  return {
    acts: form.acts.map((act) => {
      const sent = posted[act.id];
      if (!sent) return act;
      const lists: ActForm['lists'] = { ...act.lists };
      for (const list of ACT_LISTS) if (sent[list] && lists[list]) lists[list] = sent[list];
      return { ...act, lists, ...(act.reply && sent.reply ? { reply: sent.reply } : {}) };
    }),
  };
}

/**
 * Writes the posted acts into `dialogue-acts.yaml`: each posted list becomes its phrasings
 * (one per line, blank lines dropped; a list left as it was is not rewritten), each posted reply its trimmed texts. A
 * list the act does not have is added only when it has phrasings. Returns new files (the
 * same object when nothing changed); validate them before saving.
 */
export function applyDialogueActsForm(files: KnowledgeFiles, posted: PostedDialogueActs): KnowledgeFiles {
  const text = files[DIALOGUE_ACTS_FILE];
  if (text === undefined) return files;
  const doc = parseDocument(text);
  const changes: YamlValueChange[] = [];
  for (const id of dialogueActIdSchema.options) {
    const sent = posted[id];
    if (!sent) continue;
    for (const list of ACT_LISTS) {
      const pair = sent[list];
      if (!pair) continue;
      for (const language of ['zh', 'en'] as const) {
        const path = ['acts', id, list, language];
        const words = phrasings(pair[language]);
        if (words.length || doc.hasIn(path)) changes.push({ path, value: words });
      }
    }
    if (sent.reply && (isMap(doc.getIn(['acts', id, 'reply'])) || sent.reply.zh.trim() || sent.reply.en.trim())) {
      for (const language of ['zh', 'en'] as const) changes.push({ path: ['acts', id, 'reply', language], value: normaliseText(sent.reply[language]).trim() });
    }
  }
  const next = rewriteYamlValues(text, changes);
  return next === text ? files : { ...files, [DIALOGUE_ACTS_FILE]: next };
}

/**
 * Maps validation problems to the form's fields (`greeting.reply.zh`, `thanks.short.en`);
 * every other problem goes under `_` (shown at the top of the form) with its file and field.
 */
export function dialogueActsFieldErrors(problems: readonly FieldProblem[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (field: string, problem: string) => (errors[field] ??= []).push(problem);
  for (const p of problems) {
    const match = p.file === DIALOGUE_ACTS_FILE ? /^acts\.([a-z]+)\.(whole|contains|short|reply)(?:\.(zh|en))?/.exec(p.field) : null;
    const act = dialogueActIdSchema.safeParse(match?.[1]);
    if (match && act.success) add(actFieldName(act.data, match[2] as ActList | 'reply', (match[3] as Language | undefined) ?? 'zh'), p.problem);
    else add('_', `${p.file}: ${p.field}: ${p.problem}`);
  }
  return errors;
}
