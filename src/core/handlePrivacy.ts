/**
 * The applicant's rights over their data (PIPL): see what is stored ("我的信息" / "my data"),
 * erase it ("删除我的信息" / "forget me", after a confirmation), and ask to be kept informed
 * after a not-a-fit outcome.
 */
import { referenceOf } from '../leads/leadReference.js';
import { describeAnswer } from '../flows/describeAnswer.js';
import { dateIn } from '../shared/zonedTime.js';
import { ENGINE_TEXTS } from './texts.js';
import type { Command } from './parseCommand.js';
import { say, type Turn } from './turn.js';

/** Shows the answers of a flow in progress and the applicant's leads. */
export async function describeMyData(turn: Turn): Promise<void> {
  const texts = ENGINE_TEXTS[turn.language];
  const lines: string[] = [];
  const flowState = turn.state.flow ?? turn.state.pausedFlow;
  const flow = flowState ? turn.flows.get(flowState.flowId) : undefined;
  if (flow && flowState && Object.keys(flowState.answers).length) {
    lines.push(texts.myDataFlow);
    for (const step of flow.steps) {
      if (step.kind === 'question' && flowState.answers[step.field] !== undefined) {
        lines.push(`- ${step.label[turn.language]}: ${describeAnswer(flow, step.field, flowState.answers[step.field], turn.language)}`);
      }
    }
  }
  // What was said about oneself before a check, kept to pre-fill it.
  const prefill = Object.entries(turn.state.prefill ?? {});
  const checkFlow = [...turn.flows.values()].find((f) => f.onConfirm === 'qualify_and_submit');
  if (prefill.length && checkFlow) {
    lines.push(texts.myDataPrefill);
    for (const [field, value] of prefill) {
      const step = checkFlow.steps.find((s) => s.kind === 'question' && s.field === field);
      if (step?.kind === 'question') lines.push(`- ${step.label[turn.language]}: ${describeAnswer(checkFlow, field, value, turn.language)}`);
    }
  }
  const leads = turn.leads && turn.state.leadIds.length ? await turn.leads.leadsByIds(turn.state.leadIds) : [];
  for (const lead of leads.filter((l) => l.status !== 'erased')) {
    const leadFlow = turn.flows.get(lead.flowId);
    lines.push(
      texts.myDataLead({
        created: dateIn(lead.createdAt, turn.profile.timeZone),
        outcome: texts.outcomeNames[lead.outcome] ?? lead.outcome,
        status: texts.statusNames[lead.status] ?? lead.status,
        reference: referenceOf(lead.id),
      }),
    );
    // Who will contact them and by when, as the confirmation said.
    const partner = turn.leads?.partnerOf(lead);
    if (partner && !lead.acknowledgedAt) lines.push(`  - ${texts.sentTo(partner.name, partner.ackWithinHours, turn.profile.contact[turn.language])}`);
    for (const [field, value] of Object.entries(lead.answers)) {
      const label = leadFlow?.steps.find((s) => s.kind === 'question' && s.field === field);
      if (label?.kind === 'question') lines.push(`  - ${label.label[turn.language]}: ${leadFlow ? describeAnswer(leadFlow, field, value, turn.language) : String(value)}`);
    }
    if (lead.contact) {
      const contact = [lead.contact.name, lead.contact.phone, lead.contact.email].filter((v): v is string => Boolean(v));
      lines.push(`  - ${contact.join(', ')}`);
      turn.shownPersonalData = [...(turn.shownPersonalData ?? []), ...contact, ...Object.values(lead.answers).filter((v): v is string => typeof v === 'string' && contact.includes(v))];
    }
  }
  if (lines.length === 0) return say(turn, texts.myDataEmpty);
  say(turn, [texts.myDataHeading, ...lines].join('\n'), [{ label: texts.askForgetButton, action: 'privacy:forget' }]);
}

/** Asks for confirmation before erasing. */
export function confirmForget(turn: Turn): void {
  const texts = ENGINE_TEXTS[turn.language];
  // Asked in the middle of the check, the check stops there: kept, it waits for "continue"; erased, it goes with the rest.
  if (turn.state.flow) {
    turn.state.pausedFlow = turn.state.flow;
    turn.state.flow = undefined;
  }
  turn.state.offer = { kind: 'forget' };
  say(turn, texts.forgetConfirm, [
    { label: texts.forgetButton, action: 'privacy:erase' },
    { label: texts.keepButton, action: 'privacy:keep' },
  ]);
}

/**
 * Erases the applicant's leads' personal data and this conversation's state; the engine
 * then removes the cached replies and, with {@link Turn.erasedValues}, the copies of the
 * person's name and contact elsewhere (the inbox).
 */
export async function forgetConfirmed(turn: Turn): Promise<void> {
  const leads = turn.leads && turn.state.leadIds.length ? await turn.leads.leadsByIds(turn.state.leadIds) : [];
  const inFlow = turn.state.flow?.answers ?? {};
  const contacts = leads.flatMap((l) => (l.contact ? [l.contact.name, l.contact.phone, l.contact.email] : []));
  turn.erasedValues = personalValues([...contacts, inFlow.name, inFlow.contact]);
  const erased = turn.leads && turn.state.leadIds.length ? await turn.leads.erase(turn.state.leadIds) : 0;
  turn.erase = true;
  turn.state.flow = undefined;
  say(turn, ENGINE_TEXTS[turn.language].forgotten(erased));
}

/** Keeping it: "删了吧" is not kept, "先别删" / "keep it" / "don't erase" is. */
const KEEP = /\b(?:keep|don'?t|do not|not now|no|nope|wait|cancel)\b|保留|不要删|别删|先别|不删|不用删|不要|不用|算了|等等|取消/u;
const ERASE = /\b(?:erase|delete|wipe|remove|forget)\b|删|清除|清空|忘掉/u;

/**
 * The answer to the confirmation before erasing, typed instead of pressed ("yes, erase it",
 * "删吧", "keep it", "先别删"): the command of the button it stands for, or undefined when the
 * message says neither (then it is read as usual and the offer lapses).
 *
 * @param said - the dialogue act of the whole message (yes / no), if any
 */
export function typedForgetAnswer(text: string, said: string | undefined): Command | undefined {
  const plain = text.normalize('NFKC').toLowerCase();
  if (said === 'no' || KEEP.test(plain)) return { kind: 'forgetCancelled' };
  if (said === 'yes' || ERASE.test(plain)) return { kind: 'forgetConfirmed' };
  return undefined;
}

/** Marks the last lead as wanting news of future events. */
export async function keepApplicantInformed(turn: Turn): Promise<void> {
  const texts = ENGINE_TEXTS[turn.language];
  const lead = turn.leads && turn.state.lastLeadId ? await turn.leads.keepInformed(turn.state.lastLeadId) : undefined;
  say(turn, lead ? texts.keptInformed : texts.nothingToKeepInformed);
}

/** The distinct texts worth searching for: names and contacts, not short words or numbers that any question may hold. */
function personalValues(candidates: readonly unknown[]): string[] {
  const texts = candidates.filter((c): c is string => typeof c === 'string').map((c) => c.trim());
  return [...new Set(texts.filter((t) => [...t].length >= 2 && !/^\d{1,4}$/.test(t)))];
}
