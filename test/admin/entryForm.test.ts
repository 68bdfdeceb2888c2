/**
 * The entry and calendar forms write back losslessly: an unchanged form gives the same
 * bytes for every shipped file, and a change touches only its own line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { applyCalendarSettings, applyEventForm, listEvents, readCalendarSettings } from '../../src/admin/content/calendarForm.js';
import { applyEntryForm, entryFieldErrors, readEntryForm, readPostedEntryForm } from '../../src/admin/content/entryForm.js';
import { readKnowledgeFiles, slugOfFile, type KnowledgeFiles } from '../../src/admin/content/knowledgeFiles.js';
import { validateContent } from '../../src/admin/content/validateContent.js';
import { KNOWLEDGE_DIR } from '../helpers/testApp.js';

let files: KnowledgeFiles;
beforeAll(async () => {
  files = await readKnowledgeFiles(KNOWLEDGE_DIR);
});

describe('entry form', () => {
  it('reproduces every shipped entry byte for byte when nothing changed, also through a posted form', () => {
    const slugs = [...new Set(Object.keys(files).map(slugOfFile).filter((s): s is string => s !== undefined))];
    expect(slugs.length).toBeGreaterThan(20);
    for (const slug of slugs) {
      const form = readEntryForm(files, slug)!;
      expect(applyEntryForm(files, form), slug).toEqual(files);
      const posted = new URLSearchParams({ slug, topic: form.topic });
      for (const l of ['zh', 'en'] as const) for (const [k, v] of Object.entries(form[l])) posted.set(`${l}.${k}`, v.replace(/\n/g, '\r\n'));
      expect(applyEntryForm(files, readPostedEntryForm(posted)), slug).toEqual(files);
    }
  });

  it('changes only the edited lines, keeps list styles, and places a new review note after review', () => {
    const form = readEntryForm(files, 'housing-subsidy')!;
    form.en.tags = `${form.en.tags}, grant`;
    form.en.review = 'needs_review';
    form.en.reviewNote = 'Confirm the procedure with the office.';
    const next = applyEntryForm(files, form);
    const before = files['entries/housing-subsidy.en.md']!.split('\n');
    const after = next['entries/housing-subsidy.en.md']!.split('\n');
    expect(after.filter((l) => !before.includes(l))).toEqual(['review: needs_review', 'reviewNote: Confirm the procedure with the office.', 'tags: [home purchase, house, buying a home, subsidy, 购房补贴, housing, grant]']);
    expect(after.indexOf('reviewNote: Confirm the procedure with the office.')).toBe(after.indexOf('review: needs_review') + 1);
    expect(validateContent(next).ok).toBe(true);
  });

  it('quotes what YAML would misread and maps schema problems to form fields', () => {
    const form = readEntryForm(files, 'housing-subsidy')!;
    form.zh.title = 'yes: no # not a comment';
    form.zh.questions = '- 真的吗\n2024';
    const next = applyEntryForm(files, form);
    const check = validateContent(next);
    expect(check.ok).toBe(true);
    const entry = check.ok ? check.content.entries.find((e) => e.id === 'housing-subsidy.zh')! : undefined;
    expect(entry?.title).toBe('yes: no # not a comment');
    expect(entry?.questions).toEqual(['- 真的吗', '2024']);

    form.zh.asOf = 'soon';
    form.en.sourcePublisher = '';
    const bad = validateContent(applyEntryForm(files, form));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(entryFieldErrors(bad.problems, 'housing-subsidy')).sort()).toEqual(['en.sourcePublisher', 'zh.asOf']);
  });
});

describe('calendar forms', () => {
  it('reproduces the calendar byte for byte when nothing changed', () => {
    for (const event of listEvents(files)) expect(applyEventForm(files, event, event.id), event.id).toEqual(files);
    expect(applyCalendarSettings(files, readCalendarSettings(files))).toEqual(files);
  });

  it('adds a new event at the end, valid', () => {
    const event = { ...listEvents(files)[0]!, id: 'new-event-2026', nameZh: '新赛事', nameEn: 'New event', year: '2026', status: 'planned', start: '2026-05-01', end: '2026-05-02' };
    const next = applyEventForm(files, event, undefined);
    expect(listEvents(next).at(-1)).toMatchObject({ id: 'new-event-2026', year: '2026', start: '2026-05-01' });
    expect(validateContent(next).ok).toBe(true);
  });
});
