/**
 * The channel-agnostic engine: one inbound message in, the bot's replies out. It knows no
 * channel; adapters in `src/channels` convert to and from {@link InboundMessage} and
 * {@link Reply}. Turns of one conversation run one at a time, in arrival order, through
 * the store's lock; conversation state is kept in the store with an expiry.
 *
 * A turn is, in this order: a button action or a typed command (menu, language, privacy,
 * flow steering), else an answer to the flow in progress, else a policy question. With the
 * optional model (`deps.llm`), policy questions get grounded answers and free-text answers
 * in a flow are understood; without it, the engine answers from retrieval alone.
 */
import { z } from 'zod';
import { CALENDAR_ACTION_PREFIX, registerSubscriptionHandlers, showWaitingNotices, takeWaitingNotices, withSubscribeButton, type CalendarSubscriptions } from '../calendar/subscriptionTurn.js';
import type { Flows } from '../flows/loadFlows.js';
import type { PromptValues } from '../flows/runFlow.js';
import type { DistrictProfile } from '../knowledge/districtProfile.js';
import type { KnowledgeSource } from '../knowledge/knowledgeBase.js';
import type { Language } from '../shared/language.js';
import type { LeadService } from '../leads/leadService.js';
import type { LlmAssistant } from '../llm/llmAssistant.js';
import type { Store, TurnOutcome, TurnWrite } from '../store/contract.js';
import { answerFromRetrieval, CALENDAR_TOPIC, HUMAN_CONTACT_TOPIC, answerWithModel, fallbackWithSuggestions } from './answer.js';
import type { Clock } from '../shared/clock.js';
import { readConversationState } from './conversationState.js';
import { chooseReplyLanguage } from './detectLanguage.js';
import { isPolicyNameOnly, policyNamesOf } from './policyNames.js';
import { HandlerError, InputError } from '../shared/errors.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import { inboundMessageSchema, type InboundMessage, type Reply } from './messages.js';
import { parseActionCommand, parseTextCommand, type Command } from './parseCommand.js';
import { answerFollowUp, checkAskedSpecifics, currentEntry } from './answerFollowUp.js';
import { answerSelfDescription, readApplicantFacts } from './answerSelfDescription.js';
import { respondToAct } from './respondToAct.js';
import { continueFlowWithText, HANDOFF_FLOW_ID, withFlowButtons } from './runFlowTurn.js';
import { answerUnknownAction, registerCoreCommands } from './commandHandlers.js';
import { menuReply } from './menuReply.js';
import { TurnHandlers } from './turnHandlers.js';
import { questionClausesOf, searchClauses } from './understand/searchClauses.js';
import { withoutLetterFrame } from './understand/letterFrame.js';
import { askedAboutHome, askedElsewhere } from './understand/askedElsewhere.js';
import type { Retrieval } from '../knowledge/retriever.js';
import { understandingOf } from './understand/understanding.js';
import { eraseConversation, scrubAfterErasure } from './eraseConversation.js';
import { typedForgetAnswer } from './handlePrivacy.js';
import { ENGINE_TEXTS } from './texts.js';
import type { ConversationLogRecorder, UnansweredQuestionRecorder } from './ports.js';
import { newLogReference, showedLogNotice, turnToLog } from './logTurn.js';
import { conversationKey, handledMessageKey, historyKey } from './storeKeys.js';
import { createTurnGate } from './turnGate.js';
import { feedbackRatingSchema, offerFeedback, takeRateable, type AnswerFeedbackRecorder, type FeedbackRating } from './answerFeedback.js';
import { HISTORY_ENTRY_VERSION, historyEntriesOfTurn, MAX_HISTORY_ENTRIES, readHistoryEntries, type HistoryEntry } from './conversationHistory.js';
import { say, type FunnelCounter, type Turn } from './turn.js';

export type { EngineFunnelStage, FunnelCounter } from './turn.js';
export type { ConversationLogRecorder, TurnToLog, UnansweredQuestionRecorder } from './ports.js';
export { conversationKey, handledMessageKey, handledMessagesPrefix, historyKey } from './storeKeys.js';
export type { HistoryEntry } from './conversationHistory.js';
export type { AnswerFeedback, AnswerFeedbackRecorder, FeedbackRating } from './answerFeedback.js';

/** Counts handled messages (the metrics endpoint). */
export interface TurnCounter {
  turn(channel: string, outcome: 'answered' | 'fallback' | 'duplicate'): void;
}

/** A message that asks something: a wish to apply inside it may be about a named policy ("共享课堂是干什么的？我能参加吗？"). */
const ASKS = /[?？]|吗|什么|怎么|\b(?:what|how|is|are|can|do|does)\b/u;
/** A request in words, which a greeting in front of it does not answer ("Hi! tell me a joke", "你好，给我讲个笑话"). */
const REQUESTS = /\b(?:tell|give|send|show|write|help|explain|list|translate|recommend|please|pls|let me|i want|i need|i'd like|can you|could you|would you)\b|请|帮我(?:看|查|写|找|做|算|弄|申请|报名|介绍|讲|说)|帮忙|给我|告诉|讲讲|讲一下|讲个|说说|推荐|翻译|我想|我要|麻烦|能不能|可不可以/iu;
/** Answers below this coverage are logged for staff even when given. */
export const LOW_COVERAGE_FOR_INBOX = 0.6;

/** What the engine needs, passed in. */
export interface EngineDependencies {
  clock: Clock;
  store: Store;
  knowledge: KnowledgeSource;
  /** The district profile (`loadDistrictProfile`): greeting, follow-up contact, time zone, default language, the model's persona. */
  profile: DistrictProfile;
  logger?: Logger;
  /** How long an idle conversation is remembered, in milliseconds. Default 30 days. */
  conversationTtlMs?: number;
  /** The language of a user who has not written yet and whose platform gives no hint. Default: the profile's `defaultLanguage`. */
  defaultLanguage?: Language;
  /** The conversation flows (eligibility check, request for a person). Default: none. */
  flows?: Flows;
  /** Where confirmed applications go. Required when a flow can submit. */
  leads?: LeadService;
  /** How long an unfinished flow can be resumed, in milliseconds. Default 14 days. */
  flowExpiryMs?: number;
  /** Where fallbacks and low-confidence answers are recorded (without personal data). */
  inbox?: UnansweredQuestionRecorder;
  /** Counts conversations, eligibility checks started and completed. */
  funnel?: FunnelCounter;
  /** Where 👍 / 👎 ratings of answers are recorded (question, entry, channel, time). Default: nowhere (ratings are accepted and dropped). */
  feedback?: AnswerFeedbackRecorder;
  /** Counts handled messages by channel and outcome. */
  turnCounter?: TurnCounter;
  /**
   * Where turns are logged for staff (the console's conversation logs). With it, the welcome
   * carries the notice of the logs, and a conversation is logged from the turn after the one
   * that showed it. Default: nothing is logged and the welcome has no notice.
   */
  conversationLog?: ConversationLogRecorder;
  /** Values for `{placeholders}` in flow prompts, e.g. `unqualifiedRetentionDays`, `modelNotice` (default empty). */
  promptValues?: PromptValues;
  /**
   * The optional model (`createLlmAssistant` in `src/llm`): grounded answers to questions and
   * free-text understanding in flows. Default: none — answers come from retrieval alone.
   */
  llm?: LlmAssistant;
  /** Calendar subscriptions (`src/calendar`): subscribing in words or by button, stopping, notices kept for the next message. Default: off. */
  subscriptions?: CalendarSubscriptions;
}

/** The outcome of one message. */
export interface HandledMessage {
  replies: Reply[];
  /**
   * True when this message id was handled before (a platform's retry, a second process
   * receiving the same update): `replies` are the ones given the first time, and channels
   * that push replies must not send them again.
   */
  duplicate: boolean;
}

/** The engine: `handle(inbound) → replies`. */
export interface Engine {
  /**
   * Handles one message and returns the replies to send, in order.
   *
   * @throws InputError when the message does not match {@link inboundMessageSchema}
   * @throws LockTimeoutError when the conversation stays busy for too long
   * @throws HandlerError when handling failed; the conversation state is left unchanged
   */
  handle(inbound: InboundMessage): Promise<Reply[]>;
  /** Like {@link Engine.handle}, and says whether the message id was already handled. */
  handleOnce(inbound: InboundMessage): Promise<HandledMessage>;
  /**
   * The recent messages of one conversation, oldest first: the turns handled with
   * `keepHistory`, at most {@link MAX_HISTORY_ENTRIES}, until the conversation expires or
   * the applicant asks to be forgotten. The caller must have identified `who` as the
   * person asking: this returns what they said.
   *
   * @param who - the conversation: channel and user id
   */
  history(who: { channel: string; userId: string }): Promise<HistoryEntry[]>;
  /**
   * Records a 👍 / 👎 on an answer this conversation was given (`reply.feedback.entryId`), once
   * per answer, with the question it answered.
   *
   * @param rating - the conversation, the entry id of the answer and the rating
   * @returns true when recorded; false when the conversation has no such answer to rate (rated already, too old, never given)
   * @throws InputError when a field is missing or mistyped
   */
  rate(rating: { channel: string; userId: string; entryId: string; rating: FeedbackRating }): Promise<boolean>;
}

const rateSchema = z.object({ channel: z.string().min(1).max(32), userId: z.string().min(1).max(128), entryId: z.string().min(1).max(200), rating: feedbackRatingSchema });

/** How long a handled message id is remembered for de-duplication: one day. */
export const MESSAGE_ID_TTL_MS = 24 * 3600_000;

/** Default idle time after which a conversation is forgotten. */
export const DEFAULT_CONVERSATION_TTL_MS = 30 * 24 * 3600_000;
/** Default time an unfinished flow can be resumed. */
export const DEFAULT_FLOW_EXPIRY_MS = 14 * 24 * 3600_000;

/**
 * Creates the engine.
 *
 * @param deps - clock, store, knowledge, flows, leads and options; see {@link EngineDependencies}
 */
export function createEngine(deps: EngineDependencies): Engine {
  const logger = deps.logger ?? silentLogger;
  const ttlMs = deps.conversationTtlMs ?? DEFAULT_CONVERSATION_TTL_MS;
  const flowExpiryMs = deps.flowExpiryMs ?? DEFAULT_FLOW_EXPIRY_MS;
  const defaultLanguage = deps.defaultLanguage ?? deps.profile.defaultLanguage;
  const flows: Flows = deps.flows ?? new Map();
  const handlers = buildHandlers();
  // Turns on an embedded store run through in one piece; on Redis they yield at every round trip, and the gate only cost batching (measured).
  const waitForTurn = deps.store.kind === 'redis' ? undefined : createTurnGate();

  const engine: Engine = {
    handle: async (raw) => (await engine.handleOnce(raw)).replies,
    async rate(raw) {
      const parsed = rateSchema.safeParse(raw);
      if (!parsed.success) throw new InputError(parsed.error.issues[0]!.path.join('.') || 'rating', parsed.error.issues[0]!.message);
      const { channel, userId, entryId, rating } = parsed.data;
      const key = conversationKey(channel, userId);
      return deps.store.locks.withLock(key, async () => {
        const stored = await deps.store.state.get(key);
        const now = deps.clock.now();
        const state = readConversationState(stored, now);
        const question = stored === undefined ? undefined : takeRateable(state, entryId);
        if (question === undefined) return false;
        await deps.store.state.set(key, state, { ttlMs });
        await deps.feedback?.record({ question, entryId, channel, rating, at: now });
        if (state.logRef) await deps.conversationLog?.rate(state.logRef, entryId, rating);
        return true;
      });
    },
    async history(who) {
      const entries = readHistoryEntries(await deps.store.lists.read(historyKey(who.channel, who.userId)));
      // A page that shows its history again sends no message on opening: notices waiting for the subscriber join the history now.
      const notice = entries.length > 0 && deps.subscriptions ? await takeWaitingNotices(deps.subscriptions, who) : undefined;
      if (!notice) return entries;
      const entry: HistoryEntry = { version: HISTORY_ENTRY_VERSION, role: 'bot', at: deps.clock.now(), reply: notice };
      await deps.store.lists.append(historyKey(who.channel, who.userId), [entry], { keep: MAX_HISTORY_ENTRIES, ttlMs });
      return [...entries, entry];
    },
    async handleOnce(raw) {
      const parsed = inboundMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ where: i.path.join('.') || 'message', problem: i.message }));
        throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
      }
      const inbound = parsed.data;
      const key = conversationKey(inbound.channel, inbound.userId);
      const handledKey = handledMessageKey(inbound.channel, inbound.userId, inbound.messageId);
      await waitForTurn?.();
      const deduplicate = inbound.deduplicate !== false;
      let handled: (() => void) | undefined;
      // One turn of the store: lock and reads, then the writes and release (two round trips on Redis).
      const message = await deps.store.turns.run(key, deduplicate ? [handledKey, key] : [key], async (read): Promise<TurnOutcome<HandledMessage>> => {
        const earlier = deduplicate ? read[0] : undefined;
        if (Array.isArray(earlier)) {
          deps.turnCounter?.turn(inbound.channel, 'duplicate');
          return { result: { replies: earlier as Reply[], duplicate: true } };
        }
        const now = deps.clock.now();
        const stored = read[deduplicate ? 1 : 0];
        const state = readConversationState(stored, now);
        if (stored === undefined) void deps.funnel?.count('conversations', now);
        const text = inbound.text?.trim();
        const knowledge = deps.knowledge.current();
        const language = chooseReplyLanguage(text, state.language ?? inbound.languageHint, (t) => isPolicyNameOnly(t, policyNamesOf(knowledge))) ?? defaultLanguage;
        const turn: Turn = {
          inbound,
          now,
          language,
          previousLanguage: state.language,
          knowledge,
          profile: deps.profile,
          understanding: understandingOf(knowledge),
          flows,
          leads: deps.leads,
          llm: deps.llm,
          logger,
          funnel: deps.funnel,
          promptValues: { modelNotice: '', ...deps.promptValues },
          ...(deps.conversationLog ? { logRetentionDays: deps.conversationLog.retentionDays } : {}),
          state: { ...state, language, turns: state.turns + 1, updatedAt: now },
          replies: [],
          erase: false,
        };
        try {
          await handlers.run(turn, text);
        } catch (error) {
          throw new HandlerError({ channel: inbound.channel, userId: inbound.userId, messageId: inbound.messageId }, error);
        }
        if (deps.subscriptions && !turn.erase) await showWaitingNotices(turn, deps.subscriptions);
        // Content may offer a subscription (a flow's next steps); with subscriptions off, the button is not shown.
        if (!deps.subscriptions) for (const r of turn.replies) r.buttons = r.buttons.filter((b) => !b.action.startsWith(CALENDAR_ACTION_PREFIX));
        const log = deps.conversationLog;
        // Logged only once the notice was shown: from the turn after the one that showed it.
        // Awaited, so that a later "forget me" of this conversation finds it.
        if (log && !turn.erase && state.logRef) await log.record(turnToLog(turn, state, state.logRef, flows));
        if (log && !turn.state.logRef && showedLogNotice(turn, log.retentionDays)) turn.state.logRef = newLogReference();
        const writes: TurnWrite[] = [];
        if (turn.erase) {
          await eraseConversation({ store: deps.store, inbox: deps.inbox, feedback: deps.feedback, subscriptions: deps.subscriptions?.book, logs: log, logger }, { ...inbound, logRef: turn.state.logRef }, turn.erasedValues ?? []);
          // Written before the scrub, as before: the scrub comes last.
          if (deduplicate) await deps.store.state.set(handledKey, turn.replies, { ttlMs: MESSAGE_ID_TTL_MS });
          await scrubAfterErasure(deps.store, logger);
        } else {
          writes.push({ kind: 'set', key, value: turn.state, ttlMs });
          if (inbound.keepHistory) {
            writes.push({ kind: 'append', key: historyKey(inbound.channel, inbound.userId), values: historyEntriesOfTurn(inbound, turn.replies, now), options: { keep: MAX_HISTORY_ENTRIES, ttlMs } });
          }
          if (deduplicate) writes.push({ kind: 'set', key: handledKey, value: turn.replies, ttlMs: MESSAGE_ID_TTL_MS });
        }
        // Logged and counted once the writes are made, as before they were combined.
        handled = () => {
          logger.debug(
            { channel: inbound.channel, messageId: inbound.messageId, topic: turn.state.lastTopic, fallback: turn.replies.some((r) => r.fallback) },
            'turn handled',
          );
          deps.turnCounter?.turn(inbound.channel, turn.replies.some((r) => r.fallback) ? 'fallback' : 'answered');
        };
        return { result: { replies: turn.replies, duplicate: false }, writes };
      });
      handled?.();
      return message;
    },
  };
  return engine;

  /** The stages of a turn, in order; commands and acts registered by kind (`turnHandlers.ts`). */
  function buildHandlers(): TurnHandlers {
    const handlers = registerCoreCommands(new TurnHandlers(), withCalendarButton);
    if (deps.subscriptions) registerSubscriptionHandlers(handlers, deps.subscriptions);
    return handlers
      .use(expireFlow)
      .use((turn, text) => (turn.inbound.action === undefined && !text ? (say(turn, ENGINE_TEXTS[turn.language].emptyMessage), true) : false))
      .use(async (turn, text) => {
        const offered = answerToOffer(turn, turn.inbound.action === undefined ? (text ?? '') : '');
      const command = turn.inbound.action !== undefined ? parseActionCommand(turn.inbound.action) : (parseTextCommand(text ?? '') ?? offered);
        if (command && (await runCommand(handlers, turn, command))) return true;
        // A button no handler answers is a stale or unknown one; typed words go on to be read.
        return turn.inbound.action !== undefined ? answerUnknownAction(turn) : false;
      })
      .use(async (turn, text) => (turn.state.flow && text ? await continueFlowWithText(turn, text) : false))
      // A question left over from leaving the check (turn.question) is read on its own.
      .use((turn, text) => respondToDialogueAct(handlers, turn, turn.question ?? text ?? ''))
      .use(async (turn, text) => (await answerQuestion(turn, turn.question ?? text ?? ''), true));
  }

  /**
   * A typed answer to the confirmation before erasing ("yes, erase it", "keep it"). The
   * confirmation holds for the next message only, so that a later "yes" never erases.
   */
  function answerToOffer(turn: Turn, text: string): Command | undefined {
    if (turn.state.offer?.kind !== 'forget') return undefined;
    turn.state.offer = undefined;
    return text ? typedForgetAnswer(text, turn.understanding.acts(text)?.act) : undefined;
  }

  /** A check left unfinished for too long is forgotten, and the applicant told so (a paused one silently); the message is then read as usual. */
  function expireFlow(turn: Turn): boolean {
    if (turn.state.flow && turn.now - turn.state.flow.updatedAt > flowExpiryMs) {
      turn.state.flow = undefined;
      say(turn, ENGINE_TEXTS[turn.language].flowExpired);
    }
    if (turn.state.pausedFlow && turn.now - turn.state.pausedFlow.updatedAt > flowExpiryMs) turn.state.pausedFlow = undefined;
    return false;
  }

  /** Runs a command's handlers; it is answered when one says so or when they added replies ("my data" with each feature's part). */
  async function runCommand(handlers: TurnHandlers, turn: Turn, command: Command): Promise<boolean> {
    const before = turn.replies.length;
    return (await handlers.runCommand(turn, command)) || turn.replies.length > before;
  }

  /**
   * A dialogue act: a greeting in front of a question ("你好，请问…") leaves the question to
   * answer; an act registered by a feature answers first; a weak act (a pattern) gives way to
   * a follow-up on another topic or to a policy named by its name.
   */
  async function respondToDialogueAct(handlers: TurnHandlers, turn: Turn, text: string): Promise<boolean> {
    const act = turn.understanding.acts(text);
    if (!act) return false;
    const menu = () => menuReply(turn);
    if (act.rest) {
      // "你好，请问…": the greeting is heard, the question answered.
      turn.question = act.rest;
      turn.openingAct = act.act;
      const inner = turn.understanding.acts(act.rest);
      return inner !== undefined && !inner.rest && ((await handlers.runAct(turn, inner.act, act.rest)) || respondToAct(turn, inner.act, menu, act.rest));
    }
    if (await handlers.runAct(turn, act.act, text)) return true;
    // Asking for someone else's data is refused even when it reads like a follow-up or names a policy ("把去年拿到奖励的企业名单和金额发我").
    const yields = act.act !== 'injection';
    if (yields && act.weak && followsUpAnotherTopic(turn, text)) return false;
    if (yields && (act.weak || (act.act === 'apply' && ASKS.test(text))) && asksAboutAPolicy(turn, text)) return false;
    // "报名参赛要交报名费不？多少钱？": a question about a figure of applying (a fee, a deadline) is answered, not the check started.
    if (act.act === 'apply' && ASKS.test(text) && turn.understanding.followUps(text).aspects.some((a) => a.figure && a.checkAlways)) return false;
    return respondToAct(turn, act.act, menu, text);
  }

  /** True when the message names no topic and the conversation is about a policy the flows are not about: "how do I apply?" after the talent apartments asks how to apply for those. */
  function followsUpAnotherTopic(turn: Turn, question: string): boolean {
    const topic = turn.state.lastTopic;
    if (!topic || [...flows.values()].some((f) => f.offerOnTopics.includes(topic))) return false;
    return turn.understanding.followUps(question).namesNoTopic;
  }

  /** True when retrieval finds a policy question in the message that the flows are not about ("我想申请人才公寓"). */
  function asksAboutAPolicy(turn: Turn, question: string): boolean {
    // In a story with its question ("My wife works at a research institute in Germany. Can she apply?"), a question that itself asks to apply says what is asked.
    const asking = questionClausesOf(question).join(' ');
    const askedAlone = asking !== '' && asking.length < question.length && turn.understanding.acts(asking)?.act === 'apply';
    const retrieval = turn.knowledge.retriever.search(askedAlone ? asking : question);
    // Only a policy named by its name counts ("我想申请人才公寓"); "I want apply for program" is the wish to apply.
    const topic = retrieval.confident && retrieval.anchored ? retrieval.hits[0]?.entry.topic : undefined;
    return topic !== undefined && ![...flows.values()].some((f) => f.offerOnTopics.includes(topic));
  }

  /** A policy question: a follow-up on the current topic, a self-description, or a question on its own. */
  async function answerQuestion(turn: Turn, typed: string): Promise<void> {
    // "那<district>的呢" right after a question about another place asks that question about the district.
    const earlier = turn.state.askedElsewhere;
    const asked = withoutLetterFrame(typed);
    const question = (earlier && askedAboutHome(earlier, asked, turn.knowledge.retriever.search(asked))) || asked;
    const retrieval = searchClauses(turn.knowledge.retriever, question, (clause) => turn.understanding.followUps(clause).namesNoTopic);
    // What the applicant says about themselves is kept to pre-fill the check after consent, whatever the answer.
    const facts = readApplicantFacts(turn, question);
    if (Object.keys(facts).length >= 2) turn.state.prefill = { ...turn.state.prefill, ...facts };
    const understood = answerFollowUp(turn, question, retrieval) ?? answerSelfDescription(turn, question, retrieval, facts);
    const answered = understood ?? (turn.llm ? await answerWithModel(turn, turn.llm, question, retrieval) : answerFromRetrieval(turn.knowledge, retrieval, turn.language, turn.now, turn.profile.timeZone));
    // After a greeting, a message that only tells something ("Hi, I'm from Hong Kong.", "Good afternoon. A friend sent me this link.")
    // and that the material does not answer gets the greeting's reply, not the fallback.
    if (answered.fallback && turn.openingAct && !ASKS.test(question) && !REQUESTS.test(question) && respondToAct(turn, turn.openingAct, () => menuReply(turn), typed)) return;
    // A follow-up the conversation answers stays as it is, also when it says the source does not state what is asked.
    const reply = understood ? understood : answered.fallback ? fallbackWithSuggestions(turn.knowledge, retrieval, turn.language) : checkAskedSpecifics(turn, question, answered);
    const shown = withCalendarButton(turn, withFlowButtons(turn, reply));
    // Before `remember` replaces the topic a refused switch came from.
    rememberElsewhere(turn, question, retrieval, shown);
    remember(turn, shown);
    // The question as typed ("你好，请问…" whole), not only the part that was answered.
    offerFeedback(turn.state, shown, turn.inbound.text?.trim() || question);
    turn.replies.push(shown);
    const best = retrieval.hits[0];
    if (best) {
      turn.confidence = best.coverage;
      turn.bestEntryId = best.entry.id;
    }
    if (!understood && deps.inbox && (reply.fallback || (best?.coverage ?? 0) < LOW_COVERAGE_FOR_INBOX)) {
      const topic = reply.sources[0]?.topic ?? best?.entry.topic;
      const entryId = reply.fallback ? undefined : reply.sources[0]?.id;
      void deps.inbox.record({ question, language: turn.language, fallback: reply.fallback, answer: shown.text, ...(entryId ? { entryId } : {}), ...(topic ? { topic } : {}), ...(best ? { coverage: best.coverage } : {}) });
    }
  }

  /** Keeps the topic and entry of an answer for follow-ups, and what it offers for "好的" / "no thanks". */
  function remember(turn: Turn, reply: Reply): void {
    const source = reply.sources[0];
    turn.state.lastTopic = source?.topic;
    turn.state.lastEntryId = source?.id;
    const offered = reply.buttons.map((b) => /^flow:start:(.+)$/.exec(b.action)?.[1]).find((id) => id !== undefined);
    const suggested = reply.fallback ? reply.buttons.map((b) => /^topic:(.+)$/.exec(b.action)?.[1]).filter((t) => t !== undefined && t !== HUMAN_CONTACT_TOPIC) : [];
    turn.state.offer = offered
      ? { kind: 'flow', flowId: offered }
      : suggested.length === 1
        ? { kind: 'topic', topic: suggested[0]! }
        : reply.fallback && flows.has(HANDOFF_FLOW_ID)
          ? { kind: 'flow', flowId: HANDOFF_FLOW_ID }
          : undefined;
    if (reply.fallback) reply.offersPerson = true;
  }

  /**
   * Keeps a question refused because it was about another place, for "那<district>的呢"; a switch to
   * another place ("那苏州工业园区呢" after the equity reward) keeps the topic it switched from.
   */
  function rememberElsewhere(turn: Turn, question: string, retrieval: Retrieval, reply: Reply): void {
    const before = reply.fallback ? currentEntry(turn) : undefined;
    const switchTo = before ? turn.understanding.followUps(question).switchTo : undefined;
    const asked = reply.fallback ? askedElsewhere(switchTo ? `${before!.title} ${switchTo}` : question, retrieval) : undefined;
    if (asked) turn.state.askedElsewhere = asked;
    else delete turn.state.askedElsewhere;
  }

  /** A calendar answer with the "notify me" button, when subscriptions are on. */
  function withCalendarButton(turn: Turn, reply: Reply): Reply {
    return deps.subscriptions && !reply.fallback && reply.sources[0]?.topic === CALENDAR_TOPIC ? withSubscribeButton(turn, deps.subscriptions, reply) : reply;
  }
}
