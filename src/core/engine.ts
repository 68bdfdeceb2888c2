/**
 * The channel-agnostic engine: one inbound message in, the bot's replies out. It knows no
 * channel; adapters in `src/channels` convert to and from {@link InboundMessage} and
 * {@link Reply}. Turns of one conversation run one at a time, in arrival order, through
 * the store's lock; conversation state is kept in the store with an expiry.
 */
import type { KnowledgeSource } from '../knowledge/knowledgeBase.js';
import type { Language } from '../knowledge/schema.js';
import type { Store } from '../store/contract.js';
import { answerQuestion, answerTopic, fallbackReply } from './answer.js';
import type { Clock } from './clock.js';
import { readConversationState, type ConversationState } from './conversationState.js';
import { detectLanguage } from './detectLanguage.js';
import { HandlerError, InputError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import { inboundMessageSchema, type InboundMessage, type Reply } from './messages.js';
import { parseActionCommand, parseTextCommand, type Command } from './parseCommand.js';
import { ENGINE_TEXTS } from './texts.js';

/** What the engine needs, passed in. */
export interface EngineDependencies {
  clock: Clock;
  store: Store;
  knowledge: KnowledgeSource;
  logger?: Logger;
  /** How long an idle conversation is remembered, in milliseconds. Default 30 days. */
  conversationTtlMs?: number;
  /** The language of a user who has not written yet and whose platform gives no hint. Default zh. */
  defaultLanguage?: Language;
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
}

/** Default idle time after which a conversation is forgotten. */
export const DEFAULT_CONVERSATION_TTL_MS = 30 * 24 * 3600_000;

/** The store key of a conversation's state. */
export function conversationKey(channel: string, userId: string): string {
  return `conv:${channel}:${userId}`;
}

/**
 * Creates the engine.
 *
 * @param deps - clock, store, knowledge and options; see {@link EngineDependencies}
 */
export function createEngine(deps: EngineDependencies): Engine {
  const logger = deps.logger ?? silentLogger;
  const ttlMs = deps.conversationTtlMs ?? DEFAULT_CONVERSATION_TTL_MS;
  const defaultLanguage = deps.defaultLanguage ?? 'zh';

  return {
    async handle(raw) {
      const parsed = inboundMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ where: i.path.join('.') || 'message', problem: i.message }));
        throw new InputError(issues[0]!.where, issues[0]!.problem, issues);
      }
      const inbound = parsed.data;
      const key = conversationKey(inbound.channel, inbound.userId);
      return deps.store.locks.withLock(key, async () => {
        const now = deps.clock.now();
        const state = readConversationState(await deps.store.state.get(key), now);
        let turn: { replies: Reply[]; state: ConversationState };
        try {
          turn = respond(inbound, state, now);
        } catch (error) {
          throw new HandlerError({ channel: inbound.channel, userId: inbound.userId, messageId: inbound.messageId }, error);
        }
        await deps.store.state.set(key, turn.state, { ttlMs });
        logger.debug(
          { channel: inbound.channel, messageId: inbound.messageId, topic: turn.state.lastTopic, fallback: turn.replies.some((r) => r.fallback) },
          'turn handled',
        );
        return turn.replies;
      });
    },
  };

  function respond(inbound: InboundMessage, state: ConversationState, now: number): { replies: Reply[]; state: ConversationState } {
    const knowledge = deps.knowledge.current();
    const text = inbound.text?.trim();
    const language = (text ? detectLanguage(text) : undefined) ?? state.language ?? inbound.languageHint ?? defaultLanguage;
    const next: ConversationState = { ...state, language, turns: state.turns + 1, updatedAt: now };

    let command: Command | undefined;
    if (inbound.action !== undefined) {
      command = parseActionCommand(inbound.action);
      if (!command) return { replies: [{ ...menuReply(language), text: `${ENGINE_TEXTS[language].unknownAction}\n\n${ENGINE_TEXTS[language].menu}` }], state: next };
    } else if (!text) {
      return { replies: [plainReply(ENGINE_TEXTS[language].emptyMessage, language)], state: next };
    } else {
      command = parseTextCommand(text);
    }

    if (command?.kind === 'menu') return { replies: [menuReply(state.language ?? language)], state: next };
    if (command?.kind === 'language') {
      const chosen = command.language === 'toggle' ? (state.language === 'en' ? 'zh' : 'en') : command.language;
      return {
        replies: [{ ...menuReply(chosen), text: `${ENGINE_TEXTS[chosen].languageSwitched}\n\n${ENGINE_TEXTS[chosen].menu}` }],
        state: { ...next, language: chosen },
      };
    }
    if (command?.kind === 'topic') {
      const reply = answerTopic(knowledge, command.topic, language, now);
      return { replies: [reply ?? fallbackReply(language)], state: { ...next, lastTopic: reply ? command.topic : undefined } };
    }

    const reply = answerQuestion(knowledge, text ?? '', language, now);
    return { replies: [reply], state: { ...next, lastTopic: reply.sources[0]?.topic } };
  }
}

function plainReply(text: string, language: Language): Reply {
  return { text, buttons: [], sources: [], fallback: false, language };
}

function menuReply(language: Language): Reply {
  const texts = ENGINE_TEXTS[language];
  return { ...plainReply(texts.menu, language), buttons: [...texts.menuButtons, texts.switchLanguageButton] };
}
