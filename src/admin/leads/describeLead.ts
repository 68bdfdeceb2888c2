/**
 * A lead in the staff's language: its answers named by its flow's question labels, with the
 * flow's choice labels instead of choice ids (`integrated_circuits` → 集成电路), in the order the
 * flow asks them; its history's events in words; its flow's title. Used by the lead pages, the
 * partner portal and the CSV export.
 */
import { describeAnswer } from '../../flows/describeAnswer.js';
import type { Flow } from '../../flows/flowSchema.js';
import type { Flows } from '../../flows/loadFlows.js';
import type { Language } from '../../shared/language.js';
import type { LeadRecord } from '../../leads/leadRecord.js';
import type { ConsoleTexts } from '../shared/texts/consoleTexts.js';
import { stripPersonalData } from '../shared/stripPersonalData.js';
import { PERSONAL_ANSWER_KEYS } from './leadViews.js';

/** One answer as staff read it. */
export interface DescribedAnswer {
  /** The answer's field id (`industry`). */
  field: string;
  /** The question's label in the flow (产业领域), or the field id when the flow does not ask it. */
  label: string;
  /** The choice's label, or the value as given. */
  value: string;
}

/** The question fields of a flow, in the order it asks them, with their labels. */
export function flowFields(flow: Flow | undefined, language: Language): Array<{ field: string; label: string }> {
  return (flow?.steps ?? []).flatMap((s) => (s.kind === 'question' ? [{ field: s.field, label: s.label[language] }] : []));
}

/**
 * The lead's answers in the staff's language, in flow order (fields the flow does not ask, such as
 * those a choice sets, last).
 *
 * @param lead - the lead
 * @param flows - the flow definitions (its `flowId` is looked up)
 * @param language - the staff's language
 * @param personal - include the identifying answers (name, contact) as given; otherwise leave them out and strip free text
 */
export function describeLeadAnswers(lead: LeadRecord, flows: Flows, language: Language, personal: boolean): DescribedAnswer[] {
  const flow = flows.get(lead.flowId);
  const ordered = flowFields(flow, language);
  const known = new Set(ordered.map((f) => f.field));
  const fields = [...ordered.filter((f) => f.field in lead.answers), ...Object.keys(lead.answers).filter((k) => !known.has(k)).map((field) => ({ field, label: field }))];
  return fields
    .filter(({ field }) => personal || !PERSONAL_ANSWER_KEYS.has(field))
    .map(({ field, label }) => {
      const raw = lead.answers[field];
      const value = flow ? describeAnswer(flow, field, raw, language) : String(raw ?? '');
      return { field, label, value: personal || typeof raw !== 'string' || value !== raw ? value : stripPersonalData(value) };
    });
}

/**
 * A history event in words (`routed` → 已分配给合作伙伴, `status:landed` → 状态改为“已落地”); an
 * unknown event as recorded.
 *
 * @param t - the console's texts
 * @param event - the recorded event
 */
export function describeHistoryEvent(t: ConsoleTexts, event: string): string {
  if (event.startsWith('status:')) {
    const status = event.slice('status:'.length);
    return t.leadWords.statusChanged((t.statuses as Record<string, string>)[status] ?? status);
  }
  return t.leadWords.historyEvents[event] ?? event;
}

/** The title of a lead's flow in the staff's language, or its id. */
export function flowTitle(flows: Flows, flowId: string, language: Language): string {
  return flows.get(flowId)?.title[language] ?? flowId;
}
