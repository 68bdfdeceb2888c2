/**
 * One turn of a conversation while the engine handles it: what came in, what is known,
 * the state being built and the replies being collected. Created by the engine per
 * message and passed to the handlers of `src/core`.
 */
import type { Flows } from '../flows/loadFlows.js';
import type { DistrictProfile } from '../knowledge/districtProfile.js';
import type { PromptValues } from '../flows/runFlow.js';
import type { DialogueActId } from '../knowledge/dialogueActSchema.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import type { Language } from '../shared/language.js';
import type { LeadService } from '../leads/leadService.js';
import type { LlmAssistant } from '../llm/llmAssistant.js';
import type { ConversationState } from './conversationState.js';
import type { Logger } from '../shared/logger.js';
import type { InboundMessage, Reply } from './messages.js';
import type { Understanding } from './understand/understanding.js';

/** The stages of the applicant funnel the engine sees. */
export type EngineFunnelStage = 'conversations' | 'eligibility_started' | 'eligibility_completed';

/** Counts applicants through the funnel (the console's chart). */
export interface FunnelCounter {
  /** Counts one applicant entering `stage`; never rejects. */
  count(stage: EngineFunnelStage, at?: number): Promise<void>;
}

/** One turn being handled. Handlers change `state`, push to `replies` and may set `erase`. */
export interface Turn {
  inbound: InboundMessage;
  now: number;
  /** The reply language. */
  language: Language;
  /** The language the conversation had before this turn. */
  previousLanguage: Language | undefined;
  knowledge: KnowledgeBase;
  /** The district's names, time zone and wording. */
  profile: DistrictProfile;
  /** Dialogue acts and follow-ups, read with the same content revision as `knowledge`. */
  understanding: Understanding;
  flows: Flows;
  leads: LeadService | undefined;
  /** The optional model (grounded answers, free-text understanding); undefined: retrieval alone. */
  llm: LlmAssistant | undefined;
  logger: Logger;
  /** Counts applicants through the funnel, if the console is on. */
  funnel: FunnelCounter | undefined;
  promptValues: PromptValues;
  /** How long conversation logs are kept, when they are (the welcome then says so); undefined: no logs. */
  logRetentionDays?: number;
  /** The question this turn answers, when it is less than the message ("你好，请问…": the part after the greeting). */
  question?: string;
  /** The act in front of that question (a greeting, thanks): answered instead when the rest asks nothing the material answers ("Hi, I'm from Hong Kong."). */
  openingAct?: DialogueActId;
  /** The conversation state after this turn. */
  state: ConversationState;
  replies: Reply[];
  /** True when the conversation's state must be deleted instead of saved ("forget me"). */
  erase: boolean;
  /** How much of the question the best entry covered (0–1), when the turn searched the content. */
  confidence?: number;
  /** The entry retrieval found best, when the turn searched the content (for a fallback: the nearest one). */
  bestEntryId?: string;
  /** Personal data this turn's replies show (a name, a contact, a lead's answers in "my data"): never logged. */
  shownPersonalData?: string[];
  /** With `erase`: the person's name and contact, removed wherever else they were copied (the inbox). */
  erasedValues?: string[];
}

/**
 * Adds a plain message (no sources) to the turn's replies.
 *
 * @param meaning - what the message offers, for channels that render it their own way (`offersPerson`)
 */
export function say(turn: Turn, text: string, buttons: Reply['buttons'] = [], meaning: Pick<Reply, 'offersPerson'> = {}): void {
  turn.replies.push({ text, buttons, sources: [], fallback: false, language: turn.language, ...meaning });
}
