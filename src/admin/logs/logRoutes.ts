/**
 * The console's conversation logs (editors and admins): a page of anonymised turns, newest
 * first, filtered by date, channel, topic, fallback, rating and text, each with what the bot
 * answered, the entry, its confidence and the rating; and one conversation's whole transcript.
 */
import { formatTime, field, table } from '../shared/consolePage.js';
import { html, type SafeHtml } from '../shared/html.js';
import { sendError, sendPage, type AdminRouter, type SignedInRequest } from '../shared/adminRouter.js';
import type { AdminServices } from '../shared/adminServices.js';
import { STAFF_ROLES } from '../accounts/userAccounts.js';
import type { LogRecord } from './conversationLog.js';
import { entryLink } from './entryLink.js';
import { DEFAULT_MAX_SCANNED, readConversationLog, readLogFilter, searchLogs, type LogFilter } from './searchLogs.js';
import { routeParam } from '../shared/requestParts.js';

/** How a reply text is shortened in the list. */
const LIST_REPLY_CHARS = 160;

/** Registers the conversation log routes. */
export function registerLogRoutes(router: AdminRouter, s: AdminServices): void {
  router.get('/logs', STAFF_ROLES, async (ctx) => {
    const t = ctx.t.logs;
    if (s.conversationLogMs <= 0) return sendPage(ctx, { title: t.title, section: 'logs', body: html`<p data-testid="logs-off">${t.off}</p>` });
    const filter = readLogFilter(ctx.request.query);
    const page = await searchLogs(s.store, filter, { now: s.clock.now(), retentionMs: s.conversationLogMs, timeZone: s.profile.timeZone });
    const rows = page.turns.map((turn) => [
      formatTime(turn.at, s.profile.timeZone),
      html`<a href="/admin/logs/${encodeURIComponent(turn.conversation)}" data-testid="log-conversation">${turn.conversation.slice(0, 6)}</a> · ${channelName(ctx, turn.channel)}`,
      askedCell(ctx, turn),
      html`<span data-testid="log-answer">${shorten(turn.replies.map((r) => plain(r.text)).join(' / '), LIST_REPLY_CHARS)}</span>${turn.fallback ? html` <strong class="tag" data-testid="log-fallback">${t.fallbackMark}</strong>` : ''}`,
      entryLink(turn.entryId),
      confidence(turn),
      ratingMark(ctx, turn),
    ]);
    const nextQuery = page.next ? queryOf({ ...filter, after: page.next }) : undefined;
    return sendPage(ctx, {
      title: t.title,
      section: 'logs',
      body: html`<p>${t.intro(Math.round(s.conversationLogMs / 86_400_000))}</p>
        ${filterForm(ctx, s, filter)}
        ${rows.length ? table([t.time, t.conversation, t.asked, t.answered, t.entry, t.confidence, t.rating], rows, 'log-turns') : html`<p data-testid="logs-empty">${t.empty}</p>`}
        ${page.partial && html`<p>${t.scanned(DEFAULT_MAX_SCANNED)}</p>`}
        ${nextQuery && html`<p><a href="/admin/logs?${nextQuery}" data-testid="logs-older">${t.older}</a></p>`}`,
    });
  });

  router.get('/logs/:conversation', STAFF_ROLES, async (ctx) => {
    const t = ctx.t.logs;
    const conversation = routeParam(ctx.request, 'conversation');
    const turns = s.conversationLogMs > 0 ? await readConversationLog(s.store, conversation, s.clock.now() - s.conversationLogMs) : [];
    if (turns.length === 0) return sendError(ctx, 404, ctx.t.errors.notFound);
    const items = turns.map(
      (turn) => html`<li class="log-turn" data-testid="transcript-turn">
        <p class="meta">${formatTime(turn.at, s.profile.timeZone)} · ${channelName(ctx, turn.channel)}${turn.entryId ? html` · ${t.entry}: ${entryLink(turn.entryId)}` : ''}${turn.confidence !== undefined ? html` · ${t.confidence}: ${confidence(turn)}` : ''}${turn.rating ? html` · ${ratingMark(ctx, turn)}` : ''}</p>
        <p><strong>${t.asked}:</strong> ${askedCell(ctx, turn)}</p>
        ${turn.replies.map((r) => html`<p class="bot"><strong>${t.answered}:</strong> <span data-testid="transcript-reply">${plain(r.text)}</span>${r.fallback ? html` <strong class="tag">${t.fallbackMark}</strong>` : ''}</p>`)}
      </li>`,
    );
    return sendPage(ctx, {
      title: t.conversationTitle(conversation.slice(0, 6)),
      section: 'logs',
      body: html`<p><a href="/admin/logs">${t.backToList}</a> · ${t.turns(turns.length)}</p><ol class="transcript" data-testid="transcript">${items}</ol>`,
    });
  });
}

function filterForm(ctx: SignedInRequest, s: AdminServices, filter: LogFilter): SafeHtml {
  const t = ctx.t.logs;
  const any: [string, string] = ['', t.any];
  const topics = [...new Set(s.knowledge.current().content.topics.map((topic) => topic.id))].sort();
  return html`<form method="get" action="/admin/logs" class="filters" data-testid="log-filters">
    ${field({ name: 'from', label: t.from, value: filter.from, type: 'date' })}
    ${field({ name: 'to', label: t.to, value: filter.to, type: 'date' })}
    ${field({ name: 'channel', label: t.channel, value: filter.channel, choices: [any, ...Object.entries(t.channels)] })}
    ${field({ name: 'topic', label: t.topic, value: filter.topic, choices: [any, ...topics.map((id): [string, string] => [id, id])] })}
    ${field({ name: 'fallback', label: t.fallback, value: filter.fallback, choices: [any, ['yes', t.yes], ['no', t.no]] })}
    ${field({ name: 'rating', label: t.rating, value: filter.rating, choices: [any, ['up', t.ratingUp], ['down', t.ratingDown], ['none', t.ratingNone]] })}
    ${field({ name: 'q', label: t.search, value: filter.q })}
    <button type="submit">${t.apply}</button> <a href="/admin/logs">${t.reset}</a></form>`;
}

function askedCell(ctx: SignedInRequest, turn: LogRecord): SafeHtml {
  const t = ctx.t.logs;
  const lang = turn.language === 'zh' ? 'zh-CN' : 'en';
  if (turn.askedKind === 'personal') return html`<em data-testid="log-asked">${t.personal}</em>`;
  if (turn.askedKind === 'action') return html`<span data-testid="log-asked" title="${turn.action ?? ''}">${t.pressed(turn.asked)}</span>`;
  return html`<span data-testid="log-asked" lang="${lang}">${turn.asked}</span>`;
}

function channelName(ctx: SignedInRequest, channel: string): string {
  return ctx.t.logs.channels[channel] ?? channel;
}

function confidence(turn: LogRecord): string {
  return turn.confidence === undefined ? '—' : `${Math.round(turn.confidence * 100)}%`;
}

function ratingMark(ctx: SignedInRequest, turn: LogRecord): string {
  return turn.rating === 'up' ? ctx.t.logs.ratingUp : turn.rating === 'down' ? ctx.t.logs.ratingDown : '';
}

/** A reply's text without the Markdown marks of bold (`**`), as the chat shows it. */
function plain(text: string): string {
  return text.replace(/\*\*/g, '');
}

function shorten(text: string, chars: number): string {
  const all = [...text];
  return all.length > chars ? `${all.slice(0, chars).join('')}…` : text;
}

function queryOf(filter: LogFilter): string {
  return new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
}
