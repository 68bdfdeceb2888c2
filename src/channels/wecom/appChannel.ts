/**
 * The self-built app (自建应用): members of the organisation (staff, partners testing the
 * bot) write to the app in WeCom. Each message arrives as its own callback; the answer goes
 * back with `message/send` as plain text (Markdown does not render in WeChat).
 *
 * Buttons become numbered options ("1. …") and the user answers with the number: the
 * offered actions are kept per user in the store. When the reply expects a typed answer
 * (`Reply.expects`: text, a contact, a number such as a team size, a year), its buttons are
 * shown as words to send instead, and no number is taken as a button.
 */
import type { Clock } from '../../shared/clock.js';
import type { Engine } from '../../core/engine.js';
import type { Logger } from '../../shared/logger.js';
import { MAX_INBOUND_TEXT_CHARS, type Reply } from '../../core/messages.js';
import { localeView } from '../../i18n/locales.js';
import type { Language } from '../../shared/language.js';
import type { Store } from '../../store/contract.js';
import type { WecomApi } from './api.js';
import { chooseOfferedAction, rememberOfferedActions } from './offeredActions.js';
import { renderPlainText } from './renderPlainText.js';
import { foldUtf8 } from './splitUtf8.js';

/** The channel name app conversations are kept under. */
export const APP_CHANNEL = 'wecom';
/** Longest app text message, in UTF-8 bytes. */
export const APP_TEXT_MAX_BYTES = 2048;

function optionTexts(language: Language) {
  const { all, t } = localeView(language, 'channels');
  return { chooseByNumber: all.app.chooseByNumber, youCanSend: all.app.youCanSend, quote: (word: string) => t('app.quote', { word }) };
}
const OPTION_TEXTS: Record<Language, { chooseByNumber: string; youCanSend: string; quote: (word: string) => string }> = { zh: optionTexts('zh'), en: optionTexts('en') };

/** What the app path needs. */
export interface AppChannelDependencies {
  api: WecomApi;
  engine: Pick<Engine, 'handleOnce'>;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The app's AgentId. */
  agentId: number;
}

/** The app path. */
export interface AppChannel {
  /**
   * Answers one decrypted app callback (a text message, a menu click, a first visit).
   *
   * @param fields - the decrypted XML's elements
   * @param messageId - `MsgId`, or an id derived from the event's fields
   */
  handleMessage(fields: Readonly<Record<string, string>>, messageId: string): Promise<void>;
}

/** Kinds of expected answer that are typed, not picked by number. */
const TYPED_ANSWERS: ReadonlySet<string> = new Set(['text', 'contact', 'number', 'year']);

/**
 * The engine's replies as app text: plain text, numbered options, and the actions the
 * numbers stand for.
 *
 * @param replies - one turn's replies
 */
export function convertRepliesToAppText(replies: readonly Reply[]): { texts: string[]; offered: string[] } {
  // The reply says what it waits for: a typed answer (which may itself be a number, such as a
  // team size) or a choice among its options.
  const asking = replies.findLast((r) => r.expects)?.expects;
  const typedAnswerExpected = asking !== undefined && TYPED_ANSWERS.has(asking.kind);
  const offered: string[] = [];
  const texts = replies.map((reply) => {
    const text = renderPlainText(reply);
    if (reply.buttons.length === 0) return text;
    const words = OPTION_TEXTS[reply.language];
    if (typedAnswerExpected) return `${text}\n\n${words.youCanSend}${reply.buttons.map((b) => words.quote(b.label)).join(' / ')}`;
    const lines = reply.buttons.map((b) => {
      offered.push(b.action);
      return `${offered.length}. ${b.label}`;
    });
    return `${text}\n\n${words.chooseByNumber}\n${lines.join('\n')}`;
  });
  return { texts: texts.filter((t) => t.trim() !== ''), offered };
}

/**
 * Creates the app path.
 *
 * @param deps - see {@link AppChannelDependencies}
 */
export function createAppChannel(deps: AppChannelDependencies): AppChannel {
  const { api, engine, store, logger } = deps;

  async function convertInbound(fields: Readonly<Record<string, string>>, userKey: string): Promise<{ text: string } | { action: string } | undefined> {
    switch (fields.MsgType) {
      case 'text': {
        const content = fields.Content ?? '';
        const action = await chooseOfferedAction(store.state, userKey, content);
        return action ? { action } : { text: content.slice(0, MAX_INBOUND_TEXT_CHARS) };
      }
      case 'event':
        // A menu item of the app whose key is one of the bot's actions, e.g. "menu" or "flow:start:eligibility".
        if (fields.Event === 'click' && fields.EventKey) return { action: fields.EventKey.slice(0, 200) };
        if (fields.Event === 'subscribe') return { action: 'menu' };
        return undefined;
      default:
        // Pictures, voice, files: the engine asks for text.
        return { text: '' };
    }
  }

  return {
    async handleMessage(fields, messageId) {
      const user = fields.FromUserName;
      if (!user) return;
      const userKey = `app:${user}`;
      await store.locks.withLock(
        `wecom:app:user:${user}`,
        async () => {
          const inbound = await convertInbound(fields, userKey);
          if (!inbound) {
            logger.debug({ event: fields.Event }, 'wecom app: event ignored');
            return;
          }
          const { replies, duplicate } = await engine.handleOnce({ channel: APP_CHANNEL, userId: user, messageId, ...inbound });
          if (duplicate) return;
          const { texts, offered } = convertRepliesToAppText(replies);
          await rememberOfferedActions(store.state, userKey, offered);
          for (const content of foldUtf8(texts, APP_TEXT_MAX_BYTES)) {
            await api.sendAppText({ agentId: deps.agentId, toUser: user, content });
          }
        },
        { waitMs: 120_000, leaseMs: 240_000 },
      );
    },
  };
}
