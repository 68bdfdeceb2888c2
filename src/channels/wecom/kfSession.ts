/**
 * 微信客服 sessions that a person serves. A customer who asks for a person is handed to the
 * WeCom queue (or to a configured member of staff) with `kf/service_state/trans`; from then
 * on the bot stays quiet for that customer until the session returns: WeCom reports that
 * the session ended, or the session state shows that no person serves it any more.
 */
import type { Button } from '../../core/messages.js';
import type { Language } from '../../knowledge/schema.js';
import type { StateStore } from '../../store/contract.js';

/** The action of the kf-only "talk to a person now" button. */
export const KF_TRANSFER_ACTION = 'wecom:kf:transfer';

/** How long the bot stays quiet after a transfer if WeCom never says the session ended: 48 hours, a kf session's length. */
export const PERSON_SERVES_TTL_MS = 48 * 3600_000;

/** Typed requests for a person (the whole message, any case, trailing punctuation ignored). */
const PERSON_REQUESTS = new Set([
  '人工',
  '转人工',
  '人工客服',
  '转人工客服',
  '找人工',
  '人工服务',
  '真人',
  '真人客服',
  '转接人工',
  'human',
  'agent',
  'a person',
  'real person',
  'talk to a person',
  'speak to a person',
  'talk to a human',
  'speak to a human',
]);

/** What the kf channel says about transfers, in both languages. */
export const KF_TEXTS: Record<Language, { transferButton: string; transferring: string; transferFailed: string }> = {
  zh: {
    transferButton: '转人工客服',
    transferring: '好的，正在为您转接人工客服，请稍候。工作人员接入后会在这里直接回复您。',
    transferFailed: '抱歉，暂时无法转接人工客服，请稍后再试。您也可以先留下联系方式，由工作人员联系您。',
  },
  en: {
    transferButton: 'Talk to a person now',
    transferring: 'All right — connecting you to a member of staff. Please wait; they will reply to you here.',
    transferFailed: 'Sorry, no one can take over right now. Please try again later, or leave your details so that staff contact you.',
  },
};

/** True when a typed text asks for a person. */
export function isPersonRequest(text: string): boolean {
  const words = text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[。.!！?？~～]+$/u, '')
    .trim();
  return PERSON_REQUESTS.has(words);
}

/** The "talk to a person now" button in a language. */
export function transferButton(language: Language): Button {
  return { label: KF_TEXTS[language].transferButton, action: KF_TRANSFER_ACTION };
}

function personServesKey(openKfId: string, externalUserId: string): string {
  return `wecom:kf:person:${openKfId}:${externalUserId}`;
}

/** Whether a person serves (or was asked to serve) this customer, as far as the bot knows. */
export async function isServedByPerson(store: StateStore, openKfId: string, externalUserId: string): Promise<boolean> {
  return (await store.get(personServesKey(openKfId, externalUserId))) !== undefined;
}

/** Records that a person serves this customer (after a transfer, or when staff take the session over). */
export async function markServedByPerson(store: StateStore, openKfId: string, externalUserId: string, since: number): Promise<void> {
  await store.set(personServesKey(openKfId, externalUserId), { since }, { ttlMs: PERSON_SERVES_TTL_MS });
}

/** Records that the session returned: the bot answers this customer again. */
export async function markSessionReturned(store: StateStore, openKfId: string, externalUserId: string): Promise<void> {
  await store.delete(personServesKey(openKfId, externalUserId));
}
