/**
 * Partners' Telegram groups that became supergroups, for staff: which partner, the old and
 * the new chat id, when the move was seen, and whether the partners file names the new id
 * yet. Read from the reports the lead deliveries keep (`src/leads/telegramChatMoves.ts`);
 * shown on the leads page, newest first, so the operator knows what to change, and counted on
 * the console's home page while the partners file still names an old id.
 */
import type { LoadedPartners } from '../../leads/partners.js';
import { createTelegramChatMoves } from '../../leads/telegramChatMoves.js';
import type { SignedInRequest } from '../shared/adminRouter.js';
import type { AdminServices } from '../shared/adminServices.js';
import { formatTime, table } from '../shared/consolePage.js';
import { html, type SafeHtml } from '../shared/html.js';

/** True when the partners file gives the partner a Telegram delivery to `chatId`. */
function namesChat(partners: LoadedPartners, partnerId: string, chatId: number | string): boolean {
  return (partners.get(partnerId)?.delivery ?? []).some((m) => m.type === 'telegram' && String(m.chatId) === String(chatId));
}

/**
 * How many reported moves the partners file does not follow yet (its partner's telegram
 * delivery still names another id): the console's home page links to them.
 *
 * @param s - the console's services
 */
export async function countPendingChatMoves(s: Pick<AdminServices, 'store' | 'partners'>): Promise<number> {
  const moves = await createTelegramChatMoves(s.store.state).reported();
  return moves.filter((m) => !namesChat(s.partners, m.partnerId, m.to)).length;
}

/**
 * The moved chats as a section of a page; empty when no chat moved.
 *
 * @param ctx - the request (its texts)
 * @param s - the console's services (store, partners, time zone)
 */
export async function renderChatMoves(ctx: SignedInRequest, s: AdminServices): Promise<SafeHtml> {
  const moves = await createTelegramChatMoves(s.store.state).reported();
  if (moves.length === 0) return html``;
  const t = ctx.t.leadWords.chatMoves;
  const rows = moves.map((m) => [
    `${s.partners.get(m.partnerId)?.name ?? m.partnerId} (${m.partnerId})`,
    String(m.from),
    String(m.to),
    formatTime(m.at, s.profile.timeZone),
    namesChat(s.partners, m.partnerId, m.to) ? t.done : html`<strong>${t.change(String(m.configured), String(m.to))}</strong>`,
  ]);
  return html`<section data-testid="chat-moves"><h2>${t.title}</h2><p>${t.intro}</p>${table([t.partner, t.oldId, t.newId, t.at, t.todo], rows, 'chat-moves-table')}</section>`;
}
