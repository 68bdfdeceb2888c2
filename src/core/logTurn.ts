/**
 * What a turn gives the conversation logs ({@link ConversationLogRecorder}): whether the
 * welcome's notice was shown (only then is a conversation logged, from its next turn on),
 * and the turn as the recorder anonymises it — with the answers that are personal (a name,
 * a contact, free text in a check) marked, so they are never logged as typed.
 */
import { randomBytes } from 'node:crypto';
import type { Flows } from '../flows/loadFlows.js';
import type { FlowState } from '../flows/runFlow.js';
import type { ConversationState } from './conversationState.js';
import type { TurnToLog } from './ports.js';
import { ENGINE_TEXTS } from './texts.js';
import type { Turn } from './turn.js';

/** Validators whose answers are personal (or may be): logged only as a marker. */
const PERSONAL_VALIDATORS = new Set(['text', 'contact']);

/** A new random log reference for a conversation. */
export function newLogReference(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * True when one of the turn's replies carries the welcome's notice of the logs (in either language).
 *
 * @param turn - the turn handled
 * @param retentionDays - the days the notice names
 */
export function showedLogNotice(turn: Turn, retentionDays: number): boolean {
  const notices = [ENGINE_TEXTS.zh.logNotice(retentionDays), ENGINE_TEXTS.en.logNotice(retentionDays)];
  return turn.replies.some((r) => notices.some((n) => r.text.includes(n)));
}

/** The fields of `flow` whose answers are personal. */
function personalFields(flows: Flows, flow: FlowState | undefined): Set<string> {
  const steps = flow ? (flows.get(flow.flowId)?.steps ?? []) : [];
  return new Set(steps.flatMap((s) => (s.kind === 'question' && PERSONAL_VALIDATORS.has(s.validate.type) ? [s.field] : [])));
}

/** The personal answers of a flow state (names, contacts, free text). */
function personalValues(flows: Flows, flow: FlowState | undefined): string[] {
  const fields = personalFields(flows, flow);
  return Object.entries(flow?.answers ?? {}).flatMap(([field, value]) => (fields.has(field) && typeof value === 'string' && value.trim().length > 1 ? [value.trim()] : []));
}

/**
 * The turn as the logs get it.
 *
 * @param turn - the turn handled
 * @param before - the conversation's state before the turn (its flow step says whether the text answered a personal question)
 * @param conversation - the conversation's log reference
 * @param flows - the flow definitions
 */
export function turnToLog(turn: Turn, before: ConversationState, conversation: string, flows: Flows): TurnToLog {
  const text = turn.inbound.text?.trim() ?? '';
  const step = before.flow ? flows.get(before.flow.flowId)?.steps.find((s) => s.id === before.flow!.stepId) : undefined;
  const personalAnswer = turn.inbound.action === undefined && step?.kind === 'question' && PERSONAL_VALIDATORS.has(step.validate.type);
  return {
    conversation,
    turn: turn.state.turns,
    at: turn.now,
    channel: turn.inbound.channel,
    language: turn.language,
    asked: turn.inbound.action !== undefined ? { action: turn.inbound.action } : { text },
    personalAnswer,
    replies: turn.replies.map((r) => ({
      text: r.text,
      fallback: r.fallback,
      buttons: r.buttons.map((b) => ({ label: b.label, action: b.action })),
      ...(r.sources[0] ? { entryId: r.sources[0].id, topic: r.sources[0].topic } : {}),
    })),
    ...(turn.confidence !== undefined ? { confidence: turn.confidence } : {}),
    ...(turn.bestEntryId !== undefined ? { bestEntryId: turn.bestEntryId } : {}),
    personalValues: [...new Set([...personalValues(flows, before.flow), ...personalValues(flows, turn.state.flow), ...(personalAnswer && text ? [text] : []), ...(turn.shownPersonalData ?? []), ...(turn.erasedValues ?? [])])],
  };
}
