/**
 * A local fake of the Telegram Bot API (https://core.telegram.org/bots/api) over real HTTP,
 * for grammY's `apiRoot`: `POST /bot<token>/<method>` with a JSON body, answered with
 * `{ok, result}` or `{ok: false, error_code, description, parameters}` like Telegram.
 *
 * It knows the methods the bot uses and is as strict as Telegram where our code could go
 * wrong: `sendMessage` refuses HTML it cannot parse (an unescaped `<` or `&`, an unknown or
 * unclosed tag), a text over 4,096 characters after entity parsing, and callback data over
 * 64 bytes; `getUpdates` long-polls and answers 409 while a webhook is set. Failures and
 * delays can be queued per method, and a group can be upgraded to a supergroup: messages to
 * its old id then get 400 with `parameters.migrate_to_chat_id`, as Telegram answers.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';

/** The token the fake accepts. */
export const FAKE_BOT_TOKEN = '123456789:AAF-fake_token-for-tests';
/** The bot's username as `getMe` reports it. */
export const FAKE_BOT_USERNAME = 'wujin_talent_test_bot';

/** One call the fake received. */
export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  /** What the fake answered. */
  ok: boolean;
}

/** A message the bot sent successfully. */
export interface SentMessage {
  chatId: number | string;
  messageId: number;
  /** The HTML as sent. */
  text: string;
  /** The text as the user sees it: tags removed, entities decoded. */
  visible: string;
  keyboard: Array<Array<{ text: string; callback_data?: string; url?: string }>>;
}

/** An error answer to queue. */
export interface FakeFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** The fake server. */
export interface FakeBotApi {
  /** `http://127.0.0.1:<port>`: grammY's `apiRoot`. */
  url: string;
  calls: ApiCall[];
  /** The calls of one method. */
  callsOf(method: string): ApiCall[];
  /** Messages sent successfully to a chat, in order. */
  messagesTo(chatId: number | string): SentMessage[];
  /** The next `times` calls of `method` get this error. */
  failNext(method: string, failure: FakeFailure, times?: number): void;
  /** Drops the failures still queued for `method`: its calls succeed again. */
  stopFailing(method: string): void;
  /** The group `from` became the supergroup `to`: from now on messages to `from` are refused with `migrate_to_chat_id`. */
  migrateChat(from: number, to: number): void;
  /** The next `times` calls of `method` are answered after `ms` milliseconds. */
  delayNext(method: string, ms: number, times?: number): void;
  /** The next call of `method` is answered only once the returned function is called. */
  holdNext(method: string): () => void;
  /** Queues an update for `getUpdates`. */
  pushUpdate(update: Update): void;
  /** The URL set with `setWebhook`, if any. */
  webhookUrl(): string | undefined;
  close(): Promise<void>;
}

const MAX_TEXT_CHARS = 4096;
const MAX_CALLBACK_DATA_BYTES = 64;
const ALLOWED_TAGS = new Set(['b', 'i', 'a']);

/**
 * Starts the fake on 127.0.0.1 and an ephemeral port.
 *
 * @param token - the token it accepts; default {@link FAKE_BOT_TOKEN}
 */
export async function startFakeBotApi(token: string = FAKE_BOT_TOKEN): Promise<FakeBotApi> {
  const calls: ApiCall[] = [];
  const sent: SentMessage[] = [];
  const failures = new Map<string, FakeFailure[]>();
  const delays = new Map<string, number[]>();
  const holds = new Map<string, Array<Promise<void>>>();
  const migrated = new Map<string, number>();
  let queue: Update[] = [];
  let waiters: Array<() => void> = [];
  let webhook: string | undefined;
  let nextMessageId = 1000;
  const botId = Number(token.split(':')[0]);

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const fail = (failure: FakeFailure) => ({ status: failure.error_code, body: { ok: false, ...failure } });

  async function handle(method: string, params: Record<string, unknown>, response: ServerResponse): Promise<{ status: number; body: unknown }> {
    const delay = delays.get(method)?.shift();
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const hold = holds.get(method)?.shift();
    if (hold) await hold;
    const queued = failures.get(method)?.shift();
    if (queued) return fail(queued);
    switch (method) {
      case 'getMe':
        return ok({ id: botId, is_bot: true, first_name: 'Wujin Talent (test)', username: FAKE_BOT_USERNAME, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'setMyCommands':
      case 'answerCallbackQuery':
      case 'editMessageReplyMarkup':
        return ok(true);
      case 'setWebhook':
        webhook = String(params.url);
        return ok(true);
      case 'deleteWebhook':
        webhook = undefined;
        return ok(true);
      case 'getUpdates':
        return getUpdates(params, response);
      case 'sendMessage':
        return sendMessage(params);
      default:
        return fail({ error_code: 404, description: 'Not Found: method not found' });
    }
  }

  async function getUpdates(params: Record<string, unknown>, response: ServerResponse): Promise<{ status: number; body: unknown }> {
    if (webhook) return fail({ error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
    const offset = typeof params.offset === 'number' ? params.offset : 0;
    const limit = typeof params.limit === 'number' ? params.limit : 100;
    const timeoutSeconds = typeof params.timeout === 'number' ? params.timeout : 0;
    // Updates below the offset are confirmed: Telegram forgets them.
    queue = queue.filter((u) => u.update_id >= offset);
    if (queue.length === 0 && timeoutSeconds > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutSeconds * 1000);
        function done() {
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== done);
          resolve();
        }
        waiters.push(done);
        // The client gave up (the runner stopping aborts its long poll).
        response.once('close', done);
      });
    }
    return ok(queue.filter((u) => u.update_id >= offset).slice(0, limit));
  }

  function sendMessage(params: Record<string, unknown>): { status: number; body: unknown } {
    const text = typeof params.text === 'string' ? params.text : '';
    const chatId = params.chat_id as number | string;
    const movedTo = migrated.get(String(chatId));
    if (movedTo !== undefined) return fail({ error_code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: movedTo } });
    let visible: string;
    if (params.parse_mode === 'HTML') {
      const parsed = parseTelegramHtml(text);
      if (typeof parsed !== 'string') return fail({ error_code: 400, description: `Bad Request: can't parse entities: ${parsed.error}` });
      visible = parsed;
    } else {
      visible = text;
    }
    if (visible.trim().length === 0) return fail({ error_code: 400, description: 'Bad Request: message text is empty' });
    if (visible.length > MAX_TEXT_CHARS) return fail({ error_code: 400, description: 'Bad Request: message is too long' });
    const keyboard = ((params.reply_markup as { inline_keyboard?: SentMessage['keyboard'] } | undefined)?.inline_keyboard ?? []);
    for (const button of keyboard.flat()) {
      if (button.callback_data !== undefined) {
        const bytes = Buffer.byteLength(button.callback_data, 'utf8');
        if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) return fail({ error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' });
      }
    }
    const messageId = nextMessageId++;
    sent.push({ chatId, messageId, text, visible, keyboard });
    const numeric = Number(chatId);
    return ok({ message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: numeric, type: numeric < 0 ? 'supergroup' : 'private', ...(numeric < 0 ? { title: 'group' } : { first_name: 'user' }) }, text: visible });
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url ?? '');
      if (!match || match[1] !== token) return answer(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const method = match[2]!;
      let params: Record<string, unknown> = {};
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        if (raw) params = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return answer(response, 400, { ok: false, error_code: 400, description: 'Bad Request: the fake only reads JSON bodies' });
      }
      handle(method, params, response).then(
        ({ status, body }) => {
          calls.push({ method, params, ok: status === 200 });
          answer(response, status, body);
        },
        (error: unknown) => answer(response, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(error)}` }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    messagesTo: (chatId) => sent.filter((m) => String(m.chatId) === String(chatId)),
    failNext(method, failure, times = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(failure);
      failures.set(method, list);
    },
    stopFailing(method) {
      failures.delete(method);
    },
    migrateChat(from, to) {
      migrated.set(String(from), to);
    },
    delayNext(method, ms, times = 1) {
      const list = delays.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(ms);
      delays.set(method, list);
    },
    holdNext(method) {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      holds.set(method, [...(holds.get(method) ?? []), held]);
      return release;
    },
    pushUpdate(update) {
      queue.push(update);
      const woken = waiters;
      waiters = [];
      woken.forEach((wake) => wake());
    },
    webhookUrl: () => webhook,
    async close() {
      waiters.splice(0).forEach((wake) => wake());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function ok(result: unknown): { status: number; body: unknown } {
  return { status: 200, body: { ok: true, result } };
}

/**
 * Parses Telegram HTML the way Telegram does for the tags we use: returns the visible text,
 * or `{error}` for what Telegram refuses.
 */
export function parseTelegramHtml(html: string): string | { error: string } {
  const open: string[] = [];
  let visible = '';
  let i = 0;
  while (i < html.length) {
    const char = html[i]!;
    if (char === '<') {
      const tag = /^<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/.exec(html.slice(i));
      if (!tag) return { error: `unsupported start tag at byte offset ${i}` };
      const [whole, closing, name] = tag;
      if (!ALLOWED_TAGS.has(name!)) return { error: `unsupported start tag "${name}" at byte offset ${i}` };
      if (closing) {
        if (open.pop() !== name) return { error: `unmatched end tag at byte offset ${i}, expected "</${open.at(-1) ?? ''}>", found "</${name}>"` };
      } else {
        open.push(name!);
      }
      i += whole.length;
      continue;
    }
    if (char === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d+);/.exec(html.slice(i));
      if (!entity) return { error: `unsupported entity at byte offset ${i}` };
      const name = entity[1]!;
      visible += name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'amp' ? '&' : name === 'quot' ? '"' : String.fromCodePoint(Number(name.slice(1)));
      i += entity[0].length;
      continue;
    }
    if (char === '>') return { error: `unexpected ">" at byte offset ${i}` };
    visible += char;
    i++;
  }
  if (open.length) return { error: `can't find end tag corresponding to start tag "${open.at(-1)}"` };
  return visible;
}
