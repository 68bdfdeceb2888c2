/**
 * The chat without JavaScript: `POST /chat` takes the page's own form (`text`, or a button's
 * `action`, and the `user` id the previous answer page carried) as an HTML form post and
 * answers with a server-rendered page of the conversation — the recent history, the latest
 * replies' buttons as small forms, and the question form again. Everything from the engine
 * is escaped; the same simple Markdown as the script page (paragraphs, "- " bullets,
 * **bold**) is rendered.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../core/engine.js';
import { InputError } from '../../shared/errors.js';
import { MAX_INBOUND_TEXT_CHARS, actionSchema } from '../../core/messages.js';
import { localeView } from '../../i18n/locales.js';
import type { Language } from '../../shared/language.js';
import { convertChatRequest, convertReplyToChatReply, WEB_CHANNEL, webUserSchema, type ChatReply } from './convertChatRequest.js';
import { convertHistoryToResponse, type HistoryMessage } from './convertHistory.js';

/** The page's own words in `language` (`locales/<language>/web.json`). */
const pageTexts = (language: Language) => localeView(language, 'web').all;

/**
 * The chat page's own `<title>` (from `index.html`), so that the answer page is named like
 * the page it stands in for and the district's name is written in one place.
 *
 * @param indexHtml - the chat page's HTML
 */
export function readPageTitle(indexHtml: string): string {
  return /<title>([^<]*)<\/title>/.exec(indexHtml)?.[1]?.trim() ?? '';
}

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The engine's simple Markdown as HTML: paragraphs, "- " bullets, **bold**; everything escaped. */
export function renderReplyText(text: string): string {
  const inline = (line: string) => escapeHtml(line).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  let out = '';
  let inList = false;
  for (const line of text.split('\n')) {
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    if (bullet) {
      out += `${inList ? '' : '<ul>'}<li>${inline(bullet[1]!)}</li>`;
      inList = true;
      continue;
    }
    if (inList) out += '</ul>';
    inList = false;
    if (line.trim()) out += `<p>${inline(line)}</p>`;
  }
  return inList ? `${out}</ul>` : out;
}

/** One bot message; its buttons are forms when `active`, disabled buttons otherwise. */
function renderBotMessage(reply: ChatReply, fallback: boolean, user: string, language: Language, active: boolean, pressed: readonly string[] = []): string {
  const t = pageTexts(language);
  const source = reply.sources[0];
  const sourceLine = source ? `<div class="source" data-testid="source">${escapeHtml(`${t.source}：${source.title}（${source.publisher}）· ${t.asOf} ${source.asOf}`)}</div>` : '';
  const buttons = reply.buttons.map((b) =>
    active
      ? `<form method="post" action="/chat"><input type="hidden" name="user" value="${escapeHtml(user)}"><input type="hidden" name="action" value="${escapeHtml(b.action)}"><button type="submit">${escapeHtml(b.label)}</button></form>`
      : `<button type="button" disabled${pressed.includes(b.action) ? ' class="used"' : ''}>${escapeHtml(b.label)}</button>`,
  );
  const row = buttons.length ? `<div class="buttons">${buttons.join('')}</div>` : '';
  return `<div class="message bot${fallback ? ' fallback' : ''}" data-testid="bot-reply">${renderReplyText(reply.text)}${sourceLine}${row}</div>`;
}

/**
 * The answer page.
 *
 * @param messages - the conversation to show, oldest first
 * @param activeFrom - the index from which bot messages keep working buttons (the latest replies)
 * @param user - the user id the forms carry on
 * @param language - the page's language
 * @param title - the page's title, already HTML (see {@link readPageTitle})
 */
export function renderAnswerPage(messages: readonly HistoryMessage[], activeFrom: number, user: string, language: Language, title: string): string {
  const t = pageTexts(language);
  const shown = messages
    .map((m, i) => (m.role === 'user' ? `<div class="message user">${escapeHtml(m.text)}</div>` : renderBotMessage(m.reply, m.fallback, user, language, i >= activeFrom, m.pressed)))
    .join('\n');
  return `<!doctype html>
<html lang="${t.htmlLang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/assets/chat.css">
</head>
<body>
  <header><h1>${title}</h1></header>
  <main id="messages" data-testid="messages">
${shown}
  </main>
  <form id="composer" method="post" action="/chat" autocomplete="off">
    <input type="hidden" name="user" value="${escapeHtml(user)}">
    <label for="question" class="visually-hidden">${t.label}</label>
    <input id="question" name="text" maxlength="${MAX_INBOUND_TEXT_CHARS}" required autofocus data-testid="question">
    <button type="submit" data-testid="send">${t.send}</button>
  </form>
</body>
</html>
`;
}

/**
 * Registers `POST /chat` (form posts, `application/x-www-form-urlencoded`) in its own scope.
 * A first post without `user` gets a new random id (`web-<UUID>`), which the page's forms carry on.
 *
 * @param app - the Fastify instance or scope
 * @param engine - the engine that answers
 * @param page - the chat page's security headers and its title (see {@link readPageTitle})
 */
export function registerAnswerPageRoute(app: FastifyInstance, engine: Engine, page: { headers: Record<string, string>; title: string }): void {
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => done(null, new URLSearchParams(body as string)));
    scope.post('/chat', async (request, reply) => {
      if (!(request.body instanceof URLSearchParams)) throw new InputError('body', 'send the chat form (application/x-www-form-urlencoded) with a "text" field');
      const form = request.body;
      const givenUser = webUserSchema.safeParse(form.get('user') ?? undefined);
      const user = givenUser.success ? givenUser.data : `web-${randomUUID()}`;
      const text = form.get('text')?.slice(0, MAX_INBOUND_TEXT_CHARS);
      const action = actionSchema.safeParse(form.get('action') ?? undefined);
      if (!action.success && !text?.trim()) throw new InputError('text', 'type a question');
      const replies = await engine.handle(convertChatRequest({ user, ...(action.success ? { action: action.data } : { text: text! }) }));
      const history = convertHistoryToResponse(await engine.history({ channel: WEB_CHANNEL, userId: user })).messages;
      const latest: HistoryMessage[] = replies.map((r) => ({ role: 'bot', reply: convertReplyToChatReply(r), fallback: r.fallback, pressed: [] }));
      const messages = history.length ? history : latest;
      const language = replies[0]?.language ?? 'zh';
      const html = renderAnswerPage(messages, messages.length - latest.length, user, language, page.title);
      return reply.headers({ ...page.headers, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).send(html);
    });
  });
}
