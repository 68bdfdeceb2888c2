/**
 * Runs the real Telegram channel (real grammY, runner and auto-retry) against the fake Bot
 * API, over the real app: shipped knowledge and flows, a lead service with partners whose
 * delivery is a Telegram chat, and the outbox worker on demand. Users and partners are
 * simulated by building Telegram updates and delivering them the way the mode receives
 * them: posted to `POST /telegram/webhook`, or queued for `getUpdates`.
 */
import type { CallbackQuery, Message, Update } from 'grammy/types';
import { createAnswerFeedbackRecorder } from '../../../src/admin/feedback/answerFeedbackLog.js';
import type { App } from '../../../src/app.js';
import { buildWebApp } from '../../helpers/webApp.js';
import { createTelegramChannel, type TelegramChannel, type TelegramChannelConfig, type TelegramMode } from '../../../src/channels/telegram/index.js';
import { createActionTable } from '../../../src/channels/telegram/actionTable.js';
import { createManualClock } from '../../../src/shared/clock.js';
import type { Engine } from '../../../src/core/engine.js';
import type { Logger } from '../../../src/shared/logger.js';
import { fixedKnowledge } from '../../../src/knowledge/knowledgeBase.js';
import { createAckLink } from '../../../src/leads/ackLink.js';
import { createLeadService } from '../../../src/leads/createLeadService.js';
import { createOutboxWorker } from '../../../src/leads/createOutboxWorker.js';
import type { LeadService } from '../../../src/leads/leadService.js';
import { parsePartners, type LoadedPartners } from '../../../src/leads/partners.js';
import type { Store } from '../../../src/store/contract.js';
import { createMemoryStore } from '../../../src/store/memoryStore.js';
import { shippedFlows, shippedKnowledgeBase, TEST_NOW, shippedProfile } from '../../helpers/testApp.js';
import { FAKE_BOT_TOKEN, startFakeBotApi, type FakeBotApi, type SentMessage } from './fakeBotApi.js';

/** The webhook secret of the tests. */
export const WEBHOOK_SECRET = 'test-webhook-secret_0123456789';
/** The integrated-circuits partner's Telegram group. */
export const PARTNER_CHAT_ID = -1001234567890;

/** Partners: the IC partner delivers to a Telegram group, the office to a public channel by name. */
export const TELEGRAM_PARTNERS_YAML = `
partners:
  - { id: ic-partner, name: 集成电路引才合伙人, industries: [integrated_circuits, electronic_information], delivery: [{ type: telegram, chatId: ${PARTNER_CHAT_ID} }] }
  - { id: energy, name: 新能源引才合伙人, industries: [new_energy], delivery: [] }
  - { id: talent-office, name: 武进区人才工作部门, fallback: true, delivery: [{ type: telegram, chatId: '@wujin_office' }] }
`;

/** One log line the channel wrote. */
export interface LogLine {
  level: string;
  fields: object;
  message: string | undefined;
}

/** A simulated Telegram user in a private chat with the bot. */
export interface TelegramTestUser {
  id: number;
  /** Sends a text message; resolves with the bot's messages to this chat that followed. */
  send(text: string): Promise<SentMessage[]>;
  /** Presses the newest button whose action equals (or starts with) `action`; resolves with the messages that followed. */
  press(action: string): Promise<SentMessage[]>;
  /** Presses a button with this callback data under the newest message that has one. */
  pressData(data: string): Promise<SentMessage[]>;
  /** The update `send` would deliver, without delivering it. */
  textUpdate(text: string): Update;
  /** Every message the bot sent to this chat. */
  messages(): SentMessage[];
}

/** The running test setup. */
export interface TelegramTestBed {
  mode: TelegramMode;
  api: FakeBotApi;
  app: App;
  channel: TelegramChannel;
  store: Store;
  clock: ReturnType<typeof createManualClock>;
  partners: LoadedPartners;
  leads: LeadService;
  logs: LogLine[];
  user(id: number, languageCode?: string): TelegramTestUser;
  /** Delivers an update the way the mode receives it and waits until the channel is done with it. */
  deliver(update: Update): Promise<void>;
  /** Posts to the webhook route as Telegram would, with `secret` (default the right one; null: no header); does not wait for the turn. */
  post(update: unknown, secret?: string | null): Promise<{ statusCode: number; body: string }>;
  /** Resolves once the channel has finished `count` copies of this update id. */
  handled(updateId: number, count?: number): Promise<void>;
  /** A fresh update id. */
  nextUpdateId(): number;
  /** Presses a partner's acknowledge button under `message`, as `fromUserId` in `chat`. */
  pressAsPartner(message: SentMessage, chat: { id: number; type: 'supergroup' | 'channel' | 'group'; username?: string }, data?: string): Promise<string>;
  /** Runs the outbox worker once (lead deliveries through the fake Bot API). */
  deliverLeads(): Promise<number>;
  close(): Promise<void>;
}

/** Options of {@link startTelegramTestBed}. */
export interface TelegramTestBedOptions {
  /** Replaces the app's engine (a scripted one for replies the shipped content never gives). */
  engine?: Engine;
  config?: Partial<TelegramChannelConfig>;
  /** Shares the fake API, store and clock of another bed: a second process. */
  shareWith?: TelegramTestBed;
}

let updateIds = 5000;
let queryIds = 1;
let messageIds = 1;

/**
 * Starts the fake Bot API (or shares one), the app and the channel, and starts the channel.
 *
 * @param mode - polling or webhook
 * @param options - see {@link TelegramTestBedOptions}
 */
export async function startTelegramTestBed(mode: TelegramMode, options: TelegramTestBedOptions = {}): Promise<TelegramTestBed> {
  const shared = options.shareWith;
  const api = shared?.api ?? (await startFakeBotApi());
  const clock = shared?.clock ?? createManualClock(TEST_NOW);
  const store = shared?.store ?? createMemoryStore(clock);
  const partners = parsePartners(TELEGRAM_PARTNERS_YAML, 'telegram-partners.yaml', {});
  const leads = createLeadService({ store, clock, partners });
  const app = buildWebApp({
    clock,
    store,
    knowledge: fixedKnowledge(await shippedKnowledgeBase()),
    profile: await shippedProfile(),
    flows: await shippedFlows(),
    leads,
    feedback: createAnswerFeedbackRecorder(store, clock),
    promptValues: { unqualifiedRetentionDays: 90 },
  });
  const logs: LogLine[] = [];
  const logger: Logger = {
    debug: (fields, message) => logs.push({ level: 'debug', fields, message }),
    info: (fields, message) => logs.push({ level: 'info', fields, message }),
    warn: (fields, message) => logs.push({ level: 'warn', fields, message }),
    error: (fields, message) => logs.push({ level: 'error', fields, message }),
  };

  const counts = new Map<number, number>();
  let waiters: Array<() => void> = [];
  const channel = createTelegramChannel({
    engine: options.engine ?? app.engine,
    store,
    clock,
    logger,
    partners,
    fetch: globalThis.fetch as never,
    // The sending limit's short waits move the manual clock instead of sleeping.
    wait: async (ms) => clock.advance(ms),
    config: {
      token: FAKE_BOT_TOKEN,
      mode,
      apiRoot: api.url,
      ...(mode === 'webhook' ? { webhookSecret: WEBHOOK_SECRET, webhookUrl: 'https://talent.example.gov.cn/telegram/webhook' } : {}),
      stopTimeoutMs: 2_000,
      ...options.config,
    },
    onUpdateHandled(updateId) {
      counts.set(updateId, (counts.get(updateId) ?? 0) + 1);
      const woken = waiters;
      waiters = [];
      woken.forEach((wake) => wake());
    },
  });
  channel.registerRoutes(app.http);
  await app.http.ready();
  await channel.start();

  const handled = (updateId: number, count = 1) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`update ${updateId} was not handled ${count} time(s) within 10 s`)), 10_000);
      const check = () => {
        if ((counts.get(updateId) ?? 0) >= count) {
          clearTimeout(timer);
          resolve();
        } else {
          waiters.push(check);
        }
      };
      check();
    });

  const post = (update: unknown, secret: string | null = WEBHOOK_SECRET): Promise<{ statusCode: number; body: string }> =>
    app.http.inject({ method: 'POST', url: '/telegram/webhook', headers: secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }, payload: update as object });

  const deliver = async (update: Update) => {
    const before = counts.get(update.update_id) ?? 0;
    if (mode === 'webhook') {
      const response = await post(update);
      if (response.statusCode !== 200) throw new Error(`webhook answered ${response.statusCode}: ${response.body}`);
    } else {
      api.pushUpdate(update);
    }
    await handled(update.update_id, before + 1);
  };

  const actions = createActionTable(store.state);

  const bed: TelegramTestBed = {
    mode,
    api,
    app,
    channel,
    store,
    clock,
    partners,
    leads,
    logs,
    deliver,
    post,
    handled,
    nextUpdateId: () => updateIds++,
    user(id, languageCode = 'zh-hans') {
      const from = { id, is_bot: false, first_name: 'Test', language_code: languageCode };
      const chat = { id, type: 'private' as const, first_name: 'Test' };
      const newMessages = async (run: () => Promise<void>) => {
        const before = api.messagesTo(id).length;
        await run();
        return api.messagesTo(id).slice(before);
      };
      const textUpdate = (text: string): Update => {
        const command = /^\/\S+/.exec(text);
        const message = {
          message_id: messageIds++,
          date: Math.floor(clock.now() / 1000),
          chat,
          from,
          text,
          ...(command ? { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] } : {}),
        } as Message.TextMessage;
        return { update_id: updateIds++, message } as Update;
      };
      const pressButton = (message: SentMessage, data: string) => {
        const query = {
          id: `q${queryIds++}`,
          from,
          chat_instance: `ci${id}`,
          data,
          message: {
            message_id: message.messageId,
            date: Math.floor(clock.now() / 1000),
            chat,
            text: message.visible,
            ...(message.keyboard.length ? { reply_markup: { inline_keyboard: message.keyboard } } : {}),
          } as Message.TextMessage,
        } as CallbackQuery;
        return newMessages(() => deliver({ update_id: updateIds++, callback_query: query } as Update));
      };
      const newestWith = (matches: (data: string) => Promise<boolean>) => async () => {
        for (const message of api.messagesTo(id).slice().reverse()) {
          for (const button of message.keyboard.flat()) {
            if (button.callback_data !== undefined && (await matches(button.callback_data))) return { message, data: button.callback_data };
          }
        }
        return undefined;
      };
      return {
        id,
        textUpdate,
        send: (text) => newMessages(() => deliver(textUpdate(text))),
        async press(action) {
          const found = await newestWith(async (data) => {
            const decoded = await actions.decode(data);
            return decoded === action || decoded?.startsWith(action) === true;
          })();
          if (!found) throw new Error(`no button ${action} in the chat of user ${id}`);
          return pressButton(found.message, found.data);
        },
        async pressData(data) {
          const found = await newestWith(async (d) => d === data)();
          if (!found) throw new Error(`no button with callback data ${data} in the chat of user ${id}`);
          return pressButton(found.message, found.data);
        },
        messages: () => api.messagesTo(id),
      };
    },
    async pressAsPartner(message, chat, data) {
      const query = {
        id: `q${queryIds++}`,
        from: { id: 777, is_bot: false, first_name: 'Partner', language_code: 'zh-hans' },
        chat_instance: `ci${chat.id}`,
        data: data ?? message.keyboard.flat()[0]?.callback_data,
        message: { message_id: message.messageId, date: Math.floor(clock.now() / 1000), chat: { title: 'Partner', ...chat }, text: message.visible } as Message.TextMessage,
      } as CallbackQuery;
      await deliver({ update_id: updateIds++, callback_query: query } as Update);
      return query.id;
    },
    deliverLeads() {
      const worker = createOutboxWorker({
        store,
        clock,
        fetch: globalThis.fetch,
        partners,
        // The default PUBLIC_BASE_URL: Telegram cannot open it, so the message gets the callback button.
        ackLink: createAckLink({ secret: 'telegram-test-ack-secret-0123456789', publicBaseUrl: 'http://localhost:3000' }),
        telegramBotToken: FAKE_BOT_TOKEN,
        telegramApiRoot: api.url,
        timeoutMs: 2_000,
        random: () => 0,
      });
      return worker.runOnce();
    },
    async close() {
      await channel.stop();
      await app.http.close();
      if (!shared) {
        await api.close();
        await store.close();
      }
    },
  };
  return bed;
}
