/**
 * 微信客服 sessions that a person serves. A customer who asks for a person is handed to the
 * WeCom queue (or to a configured member of staff) with `kf/service_state/trans`; from then
 * on the bot stays quiet for that customer until the session returns: WeCom reports that
 * the session ended, the session state shows that no person serves it any more, or — for a
 * hand-over to the queue — no person took it within the hand-over time limit (the kf path
 * then ends the wait, tells the customer and answers again).
 */
import type { Button } from '../../core/messages.js';
import { localeView } from '../../i18n/locales.js';
import type { Language } from '../../shared/language.js';
import { z } from 'zod';
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

/** What the kf channel says about transfers, in both languages (`locales/<language>/channels.json`, `kf`). */
export const KF_TEXTS: Record<Language, { transferButton: string; transferring: string; transferFailed: string; noServicer: string }> = {
  zh: kfTexts('zh'),
  en: kfTexts('en'),
};

function kfTexts(language: Language) {
  const { transferButton, transferring, transferFailed, noServicer } = localeView(language, 'channels').all.kf;
  return { transferButton, transferring, transferFailed, noServicer };
}

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

/**
 * The "talk to a person now" button in a language. Its action carries the language
 * (`wecom:kf:transfer:en`), so that the hand-over is announced in it without reading the conversation.
 */
export function transferButton(language: Language): Button {
  return { label: KF_TEXTS[language].transferButton, action: `${KF_TRANSFER_ACTION}:${language}` };
}

/** True when a pressed action is the "talk to a person now" button (with its language, or without: menus sent before it carried one). */
export function isTransferAction(action: string): boolean {
  return action === KF_TRANSFER_ACTION || action.startsWith(`${KF_TRANSFER_ACTION}:`);
}

/** The language a "talk to a person now" button was shown in; undefined for one without. */
export function transferLanguage(action: string): Language | undefined {
  const language = action.slice(KF_TRANSFER_ACTION.length + 1);
  return language === 'zh' || language === 'en' ? language : undefined;
}

function personServesKey(openKfId: string, externalUserId: string): string {
  return `${PERSON_SERVES_PREFIX}${openKfId}:${externalUserId}`;
}

/** Where the records of sessions a person serves are kept in the state store. */
const PERSON_SERVES_PREFIX = 'wecom:kf:person:';

/**
 * Who serves a customer instead of the bot, as the bot knows it. Version 1; a record without
 * `v` (written before versions) reads as one that staff took (`via: 'staff'`).
 */
export const servedByPersonSchema = z.object({
  v: z.literal(1),
  /** When the bot handed the session over or saw staff take it, epoch milliseconds. */
  since: z.number(),
  /** `queue`: handed to the servicer queue, waiting for a person; `servicer`: handed to the configured member; `staff`: a person took it. */
  via: z.enum(['queue', 'servicer', 'staff']),
});
/** Who serves a customer instead of the bot. */
export type ServedByPerson = z.infer<typeof servedByPersonSchema>;

/** A stored record read back, upgraded to the current version; undefined when absent or unreadable. */
function readServedByPerson(value: unknown): ServedByPerson | undefined {
  if (value === undefined) return undefined;
  const legacy = z.object({ since: z.number() }).safeParse(value);
  const upgraded = typeof value === 'object' && value !== null && !('v' in value) && legacy.success ? { v: 1, since: legacy.data.since, via: 'staff' } : value;
  const parsed = servedByPersonSchema.safeParse(upgraded);
  return parsed.success ? parsed.data : { v: 1, since: 0, via: 'staff' };
}

/** Whether a person serves (or was asked to serve) this customer, as far as the bot knows. */
export async function isServedByPerson(store: StateStore, openKfId: string, externalUserId: string): Promise<boolean> {
  return (await store.get(personServesKey(openKfId, externalUserId))) !== undefined;
}

/** Who serves this customer instead of the bot, if anyone, as far as the bot knows. */
export async function getServedByPerson(store: StateStore, openKfId: string, externalUserId: string): Promise<ServedByPerson | undefined> {
  return readServedByPerson(await store.get(personServesKey(openKfId, externalUserId)));
}

/**
 * Records that a person serves this customer (after a transfer, or when staff take the session over).
 *
 * @param via - how: handed to the queue, to the configured member, or taken by staff (default)
 */
export async function markServedByPerson(store: StateStore, openKfId: string, externalUserId: string, since: number, via: ServedByPerson['via'] = 'staff'): Promise<void> {
  await store.set(personServesKey(openKfId, externalUserId), { v: 1, since, via } satisfies ServedByPerson, { ttlMs: PERSON_SERVES_TTL_MS });
}

/** Records that the session returned: the bot answers this customer again. */
export async function markSessionReturned(store: StateStore, openKfId: string, externalUserId: string): Promise<void> {
  await store.delete(personServesKey(openKfId, externalUserId));
}

/** A customer handed to the servicer queue and still waiting for a person, for the staff console. */
export interface WaitingHandoff {
  openKfId: string;
  externalUserId: string;
  /** When the customer was handed over, epoch milliseconds. */
  since: number;
}

/**
 * The customers handed to the servicer queue who wait for a person, longest waiting first.
 * Scans the records of served sessions (a small family of keys); for the console, not a hot path.
 */
export async function listWaitingHandoffs(store: StateStore): Promise<WaitingHandoff[]> {
  const waiting: WaitingHandoff[] = [];
  for (const { key, value } of await store.listPrefix(PERSON_SERVES_PREFIX)) {
    const record = readServedByPerson(value);
    const [openKfId, ...rest] = key.slice(PERSON_SERVES_PREFIX.length).split(':');
    if (record?.via === 'queue' && openKfId && rest.length) waiting.push({ openKfId, externalUserId: rest.join(':'), since: record.since });
  }
  return waiting.sort((a, b) => a.since - b.since);
}
