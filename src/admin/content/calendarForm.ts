/**
 * The calendar forms of the console: one event (names, kind, region, year, dates,
 * registration deadline, status, note, source) and the calendar's own fields (as-of date,
 * how applicants hear about new dates). Like entries, only changed YAML nodes are written.
 */
import { parse as parseYaml, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { normaliseText, setValue, YAML_OUTPUT } from './entryForm.js';
import type { KnowledgeFiles } from './knowledgeFiles.js';
import type { FieldProblem } from './validateContent.js';

/** The fields of an event form, all text. */
export const EVENT_FIELDS = [
  'id',
  'nameZh',
  'nameEn',
  'kind',
  'regionZh',
  'regionEn',
  'year',
  'start',
  'end',
  'registrationDeadline',
  'status',
  'noteZh',
  'noteEn',
  'sourceTitle',
  'sourcePublisher',
  'sourceDate',
  'sourceUrl',
] as const;
/** An event form. */
export type EventForm = Record<(typeof EVENT_FIELDS)[number], string>;

/** The calendar's own fields. */
export interface CalendarSettingsForm {
  asOf: string;
  howToHearZh: string;
  howToHearEn: string;
}

interface CalendarData {
  asOf?: unknown;
  howToHear?: { zh?: unknown; en?: unknown };
  events?: Array<Record<string, unknown>>;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const bi = (v: unknown, l: 'zh' | 'en') => str((v as Record<string, unknown> | undefined)?.[l]);

function calendarData(files: KnowledgeFiles): CalendarData {
  return (parseYaml(files['calendar.yaml'] ?? '') as CalendarData | null) ?? {};
}

/** The events as the calendar file lists them. */
export function listEvents(files: KnowledgeFiles): EventForm[] {
  return (calendarData(files).events ?? []).map(toEventForm);
}

function toEventForm(e: Record<string, unknown>): EventForm {
  const source = (e.source ?? {}) as Record<string, unknown>;
  return {
    id: str(e.id),
    nameZh: bi(e.name, 'zh'),
    nameEn: bi(e.name, 'en'),
    kind: str(e.kind),
    regionZh: bi(e.region, 'zh'),
    regionEn: bi(e.region, 'en'),
    year: str(e.year),
    start: str(e.start),
    end: str(e.end),
    registrationDeadline: str(e.registrationDeadline),
    status: str(e.status),
    noteZh: bi(e.note, 'zh'),
    noteEn: bi(e.note, 'en'),
    sourceTitle: str(source.title),
    sourcePublisher: str(source.publisher),
    sourceDate: str(source.date),
    sourceUrl: str(source.url),
  };
}

/** The form of one event, or undefined when there is no such event. */
export function readEventForm(files: KnowledgeFiles, id: string): EventForm | undefined {
  return listEvents(files).find((e) => e.id === id);
}

/** The posted event form. */
export function readPostedEventForm(body: URLSearchParams): EventForm {
  const form = {} as EventForm;
  for (const field of EVENT_FIELDS) form[field] = normaliseText(body.get(field) ?? '').trim();
  return form;
}

/** The calendar's own fields, read from the file. */
export function readCalendarSettings(files: KnowledgeFiles): CalendarSettingsForm {
  const data = calendarData(files);
  return { asOf: str(data.asOf), howToHearZh: bi(data.howToHear, 'zh'), howToHearEn: bi(data.howToHear, 'en') };
}

/** Where an event is in the file's list (`-1` for a new one). */
export function eventIndex(files: KnowledgeFiles, id: string): number {
  return (calendarData(files).events ?? []).findIndex((e) => e.id === id);
}

/**
 * Writes an event into `calendar.yaml`: the event with `originalId` is changed, or with
 * none a new event is added at the end.
 */
export function applyEventForm(files: KnowledgeFiles, form: EventForm, originalId: string | undefined): KnowledgeFiles {
  const doc = parseDocument(files['calendar.yaml'] ?? '');
  const events = doc.get('events', true) as YAMLSeq | undefined;
  let index = originalId === undefined ? -1 : eventIndex(files, originalId);
  if (index < 0) {
    if (events) events.items.push(doc.createNode({}) as YAMLMap);
    else doc.set('events', doc.createNode([{}]));
    index = (doc.get('events', true) as YAMLSeq).items.length - 1;
  }
  const at = (...path: string[]) => ['events', index, ...path];
  const year = form.year === '' ? undefined : /^\d+$/.test(form.year) ? Number(form.year) : form.year;
  const changes = [
    setValue(doc, at('id'), form.id),
    setValue(doc, at('name'), { zh: form.nameZh, en: form.nameEn }),
    setValue(doc, at('kind'), form.kind),
    setValue(doc, at('region'), { zh: form.regionZh, en: form.regionEn }),
    setValue(doc, at('year'), year),
    setValue(doc, at('start'), form.start || undefined),
    setValue(doc, at('end'), form.end || undefined),
    setValue(doc, at('registrationDeadline'), form.registrationDeadline || undefined),
    setValue(doc, at('status'), form.status),
    setValue(doc, at('note'), form.noteZh || form.noteEn ? { zh: form.noteZh, en: form.noteEn } : undefined),
    setValue(doc, at('source', 'title'), form.sourceTitle),
    setValue(doc, at('source', 'publisher'), form.sourcePublisher),
    setValue(doc, at('source', 'date'), form.sourceDate),
    setValue(doc, at('source', 'url'), form.sourceUrl || undefined),
  ];
  return changes.includes(true) ? { ...files, 'calendar.yaml': doc.toString(YAML_OUTPUT) } : files;
}

/** Writes the calendar's own fields. */
export function applyCalendarSettings(files: KnowledgeFiles, form: CalendarSettingsForm): KnowledgeFiles {
  const doc = parseDocument(files['calendar.yaml'] ?? '');
  const changes = [setValue(doc, ['asOf'], form.asOf.trim()), setValue(doc, ['howToHear'], { zh: normaliseText(form.howToHearZh).trim(), en: normaliseText(form.howToHearEn).trim() })];
  return changes.includes(true) ? { ...files, 'calendar.yaml': doc.toString(YAML_OUTPUT) } : files;
}

/**
 * Maps validation problems to event form fields; `index` is the edited event's position.
 * Problems elsewhere go under `_`.
 */
export function eventFieldErrors(problems: readonly FieldProblem[], index: number): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (field: string, problem: string) => (errors[field] ??= []).push(problem);
  const prefix = `events.${index}.`;
  for (const p of problems) {
    if (p.file !== 'calendar.yaml' || !p.field.startsWith(prefix)) {
      add(p.file === 'calendar.yaml' ? calendarField(p.field) : '_', p.file === 'calendar.yaml' ? p.problem : `${p.file}: ${p.field}: ${p.problem}`);
      continue;
    }
    const [head, sub] = p.field.slice(prefix.length).split('.');
    const cap = (s: string | undefined) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : '');
    const field =
      head === 'name' || head === 'region' || head === 'note' ? `${head}${cap(sub ?? 'zh')}`
      : head === 'source' ? `source${cap(sub ?? 'title')}`
      : (EVENT_FIELDS as readonly string[]).includes(head ?? '') ? head!
      : '_';
    add(field, p.problem);
  }
  return errors;
}

/** Calendar-level problems: `asOf`, `howToHear.zh` → the settings form's fields. */
export function calendarField(field: string): string {
  if (field === 'asOf') return 'asOf';
  if (field.startsWith('howToHear')) return field.endsWith('en') ? 'howToHearEn' : 'howToHearZh';
  return '_';
}
