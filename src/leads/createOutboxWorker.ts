/**
 * The outbox worker: takes due outbox items with a lease, sends them, and records the
 * result — delivered, retried later with exponential backoff and full jitter, or dead after
 * the last attempt (logged at error level, with an alert queued to the fallback partner).
 * A permanent refusal (an HTTP 4xx other than 408 and 429, {@link isPermanentDeliveryError})
 * is dead at once, with the same log and alert: it would be refused every time (Telegram's 403,
 * a bot removed or blocked, and 400 "chat not found" among them). A partner's Telegram group
 * that became a supergroup is followed at once: the message goes to the new chat, the move is
 * kept in the store for later deliveries and reported once — a warning saying what to change in
 * the partners file, a `lead.chat_moved` alert to the fallback partner (the talent office) and
 * the console's list of moved chats.
 * Throttled: each attempt takes one unit of its platform's sending budget (a WeCom group robot's
 * 20 a minute, Telegram's one a second per chat, 20 a minute per group and 30 a second in
 * all, `sendLimits`); an item whose budget is used up waits in the outbox until the budget's
 * window ends — not counted as an attempt — instead of being refused with 45009 or 429.
 * Follow-ups are outbox items too: a delivered lead queues an acknowledgement check; an
 * unacknowledged lead gets a reminder and then an escalation to the fallback partner.
 * Every hour it also purges old unqualified leads.
 *
 * Crash safety: an item is settled only after its effect is recorded, so a crash means the
 * item is tried again when its lease runs out — with the same idempotency key, and with
 * follow-ups guarded by fields on the lead (`deliveredAt`, `remindedAt`, `escalatedTo`) so
 * they are not queued twice.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../shared/clock.js';
import { createPollingLoop, describeError } from '../core/pollingLoop.js';
import { PlatformError } from '../shared/errors.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import { createSendRateLimiter, type SendRateLimiter } from '../core/sendRateLimiter.js';
import type { OutboxItem, Store } from '../store/contract.js';
import type { AckLink } from './ackLink.js';
import { computeRetryDelay, DEFAULT_RETRY_CAP_MS } from './computeRetryDelay.js';
import type { FetchFunction } from './deliveries/postJson.js';
import { DEFAULT_DELIVERY_TIMEOUT_MS } from './deliveries/postJson.js';
import { deliverySendRules, sendDelivery, type WecomAppSender } from './deliveries/sendDelivery.js';
import type { LeadHistoryEntry, LeadRecord, LeadStatus } from './leadRecord.js';
import { leadOutboxItemSchema, newOutboxItem, type LeadOutboxItem, type SendItem } from './leadOutboxItem.js';
import { partnerMessages } from './partnerMessages.js';
import type { LoadedPartners } from './partners.js';
import { isPermanentDeliveryError } from './isPermanentDeliveryError.js';
import { DEFAULT_UNQUALIFIED_RETENTION_MS, purgeUnqualifiedLeads } from './purgeUnqualifiedLeads.js';
import { readLead } from './readLead.js';
import { createTelegramChatMoves, type TelegramChatMove } from './telegramChatMoves.js';

const HOUR_MS = 3600_000;

/** Default attempts before a delivery is dead (DELIVERY_MAX_ATTEMPTS): 20, spread over about half a day. */
export const DEFAULT_DELIVERY_MAX_ATTEMPTS = 20;
/** Default first retry ceiling (DELIVERY_RETRY_BASE_SECONDS): 5 seconds. */
export const DEFAULT_DELIVERY_RETRY_BASE_MS = 5_000;

/** What the worker is built from. Dependencies are required; every tunable has a default. */
export interface OutboxWorkerOptions {
  store: Store;
  clock: Clock;
  /** The HTTP call for every delivery; `globalThis.fetch` in production. */
  fetch: FetchFunction;
  partners: LoadedPartners;
  ackLink: AckLink;
  logger?: Logger;
  /** Uniform random numbers in [0, 1) for the backoff jitter; default `Math.random`. */
  random?: () => number;
  /** Names this worker in leases; default `<host>:<pid>:<random>`. Unique per process. */
  owner?: string;
  /** Pause between polls when nothing is due, in milliseconds. Default 1,000. */
  tickMs?: number;
  /** How long a claimed item is held, in milliseconds. Default 60,000; keep it well above `timeoutMs`. */
  leaseMs?: number;
  /** Items claimed per poll, sent concurrently. Default 10. */
  batchSize?: number;
  /** Time limit of one attempt, in milliseconds. Default 10,000. */
  timeoutMs?: number;
  /** DELIVERY_MAX_ATTEMPTS. Default 20. */
  maxAttempts?: number;
  /** DELIVERY_RETRY_BASE_SECONDS × 1000. Default 5,000. */
  retryBaseMs?: number;
  /** Largest retry delay in milliseconds. Default one hour. */
  retryCapMs?: number;
  /** ACK_ESCALATE_AFTER_HOURS × 3,600,000: from reminder to escalation. Default: the partner's `ackWithinHours`. */
  escalateAfterMs?: number;
  /** UNQUALIFIED_RETENTION_DAYS in milliseconds. Default 90 days. */
  unqualifiedRetentionMs?: number;
  /** How often the retention purge runs, in milliseconds. Default one hour. */
  purgeEveryMs?: number;
  /** WECOM_API_BASE. */
  wecomApiBase?: string;
  /** The district's name (profile, Chinese) in the title of chat deliveries; default: none. */
  districtName?: string;
  /** TELEGRAM_BOT_TOKEN. */
  telegramBotToken?: string;
  /** The self-built app's messages (the WeCom channel's `leadCards`), for `wecom_app` deliveries; unset: they fail saying the channel is off. */
  wecomApp?: WecomAppSender;
  /** TELEGRAM_API_ROOT. */
  telegramApiRoot?: string;
  /** Makes idempotency keys; default `crypto.randomUUID`. */
  newId?: () => string;
  /**
   * The platforms' sending budgets (a robot's 20 a minute, Telegram's per chat and overall),
   * shared with the channels that send on the same platforms; default one on `store.state`
   * (counters in the store, so every process counts together either way).
   */
  sendLimits?: SendRateLimiter;
}

/** A running (or runnable) outbox worker. */
export interface OutboxWorker {
  /** Starts polling. Calling it again does nothing. */
  start(): void;
  /** Stops polling and waits for the attempts in flight to be settled. */
  stop(): Promise<void>;
  /** One poll: the hourly purge when due, then claim, send and settle what is due now. Returns how many items were handled. */
  runOnce(): Promise<number>;
}

const BEYOND_ACKNOWLEDGED: readonly LeadStatus[] = ['acknowledged', 'contacted', 'in_talks', 'landed', 'declined'];

/** True when the partner has acknowledged the lead (or moved it further). */
function isAcknowledged(lead: LeadRecord): boolean {
  return lead.acknowledgedAt !== undefined || BEYOND_ACKNOWLEDGED.includes(lead.status);
}

/**
 * Creates the outbox worker.
 *
 * @param options - see {@link OutboxWorkerOptions}
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { store, clock, partners } = options;
  const logger = options.logger ?? silentLogger;
  const random = options.random ?? Math.random;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const tickMs = options.tickMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 10;
  const timeoutMs = options.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_DELIVERY_MAX_ATTEMPTS;
  const retryBaseMs = options.retryBaseMs ?? DEFAULT_DELIVERY_RETRY_BASE_MS;
  const retryCapMs = options.retryCapMs ?? DEFAULT_RETRY_CAP_MS;
  const retentionMs = options.unqualifiedRetentionMs ?? DEFAULT_UNQUALIFIED_RETENTION_MS;
  const purgeEveryMs = options.purgeEveryMs ?? HOUR_MS;
  const newId = options.newId ?? randomUUID;
  const sendLimits = options.sendLimits ?? createSendRateLimiter(store.state, clock);
  const telegramChats = createTelegramChatMoves(store.state);
  const sendDeps = {
    fetch: options.fetch,
    clock,
    partners,
    ackLink: options.ackLink,
    timeoutMs,
    telegramChats,
    ...(options.wecomApiBase ? { wecomApiBase: options.wecomApiBase } : {}),
    ...(options.districtName ? { districtName: options.districtName } : {}),
    ...(options.telegramBotToken ? { telegramBotToken: options.telegramBotToken } : {}),
    ...(options.telegramApiRoot ? { telegramApiRoot: options.telegramApiRoot } : {}),
    ...(options.wecomApp ? { wecomApp: options.wecomApp } : {}),
  };

  let lastPurgeAt: number | undefined;

  const settle = async (item: OutboxItem, entry: LeadHistoryEntry) => {
    const accepted = await store.leads.settleDelivery(item, owner, entry);
    if (!accepted) logger.warn({ deliveryId: item.id, leadId: item.leadId }, 'another worker took this delivery over; result dropped');
  };

  async function handle(raw: OutboxItem): Promise<void> {
    const parsed = leadOutboxItemSchema.safeParse(raw);
    if (!parsed.success) {
      logger.error({ deliveryId: raw.id, leadId: raw.leadId, problem: parsed.error.issues[0]?.message }, 'unreadable outbox item; marked dead');
      await settle({ ...raw, status: 'dead' }, { at: clock.now(), event: 'delivery_dead', deliveryId: raw.id, detail: 'unreadable outbox item' });
      return;
    }
    const item = parsed.data;
    const lead = readLead(await store.leads.getLead(item.leadId));
    if (!lead) {
      await settle({ ...item, status: 'cancelled' }, { at: clock.now(), event: 'delivery_cancelled', deliveryId: item.id, detail: 'lead no longer exists' });
      return;
    }
    switch (item.kind) {
      case 'send':
        return send(item, lead);
      case 'ack_check':
        return checkAcknowledged(item, lead);
      case 'escalation_check':
        return checkEscalation(item, lead);
    }
  }

  async function send(item: SendItem, lead: LeadRecord): Promise<void> {
    if (lead.status === 'erased' && item.type !== 'lead.erased') {
      await settle(
        { ...item, status: 'cancelled' },
        { at: clock.now(), event: 'delivery_cancelled', partnerId: item.partnerId, deliveryId: item.id, detail: `${item.type} not sent: the lead was erased` },
      );
      return;
    }
    if (await waitedForBudget(item)) return;
    let moved: TelegramChatMove | undefined;
    const onTelegramChatMoved = (move: TelegramChatMove) => {
      moved = move;
    };
    try {
      await sendDelivery(item, lead, { ...sendDeps, onTelegramChatMoved });
    } catch (error) {
      if (moved) await reportChatMove(lead, moved);
      return failed(item, lead, error);
    }
    if (moved) await reportChatMove(lead, moved);
    const now = clock.now();
    if (item.type === 'lead.qualified') await recordFirstDelivery(item, lead.id, now);
    await settle(
      { ...item, status: 'delivered', attempts: item.attempts + 1, lastError: undefined },
      { at: now, event: 'delivered', partnerId: item.partnerId, deliveryId: item.id, detail: `${item.type} by ${item.method.type}` },
    );
    logger.info({ leadId: lead.id, deliveryId: item.id, partnerId: item.partnerId, type: item.type, method: item.method.type }, 'lead delivery delivered');
  }

  /**
   * Takes the attempt from the platform's budget; when it is used up, the item waits in the
   * outbox until the budget's window ends (not counted as an attempt) and true is returned.
   */
  async function waitedForBudget(item: SendItem): Promise<boolean> {
    const chatId = item.method.type === 'telegram' ? await telegramChats.resolve(item.method.chatId) : undefined;
    const waitMs = await sendLimits.take(deliverySendRules(item, partners, chatId));
    if (waitMs === 0) return false;
    const now = clock.now();
    logger.info({ leadId: item.leadId, deliveryId: item.id, partnerId: item.partnerId, method: item.method.type, waitMs }, 'lead delivery waits for the platform\'s sending limit');
    await settle(
      { ...item, dueAt: now + waitMs },
      { at: now, event: 'delivery_throttled', partnerId: item.partnerId, deliveryId: item.id, detail: `${item.type} by ${item.method.type} waits ${Math.ceil(waitMs / 1000)} s for the platform's sending limit` },
    );
    return true;
  }

  /** Marks the lead delivered and, on its partner's first delivery, queues the acknowledgement check. */
  async function recordFirstDelivery(item: SendItem, leadId: string, now: number): Promise<void> {
    const partner = partners.get(item.partnerId);
    await store.leads.updateLead(leadId, (current) => {
      const lead = readLead(current);
      if (lead.status === 'erased') return undefined;
      const first = lead.deliveredAt === undefined;
      const toNew = lead.status === 'new';
      if (!first && !toNew) return undefined;
      const next: LeadRecord = { ...lead, ...(first ? { deliveredAt: now } : {}), ...(toNew ? { status: 'delivered' as const } : {}) };
      const followUp = first && partner && item.escalatedFrom === undefined && item.partnerId === lead.partnerId && lead.outcome !== 'not_a_fit' && !isAcknowledged(lead);
      const enqueue = followUp ? [newOutboxItem(lead.id, now, { kind: 'ack_check', partnerId: partner.id }, now + partner.ackWithinHours * HOUR_MS, newId)] : [];
      return { lead: next, enqueue };
    });
  }

  async function failed(item: SendItem, lead: LeadRecord, error: unknown): Promise<void> {
    const now = clock.now();
    const attempts = item.attempts + 1;
    const message = describeError(error);
    const fields = { leadId: lead.id, deliveryId: item.id, partnerId: item.partnerId, type: item.type, method: item.method.type, attempts, error: message };
    if (isPermanentDeliveryError(error)) {
      logger.error({ ...fields, code: error.code }, 'lead delivery refused for good; not retried');
      return giveUp(item, lead, now, attempts, message, `${item.type} by ${item.method.type} was refused with ${error.code} and is not retried: ${message}`);
    }
    if (attempts >= maxAttempts) {
      logger.error(fields, 'lead delivery failed for good after the last attempt');
      return giveUp(item, lead, now, attempts, message, `${item.type} by ${item.method.type} gave up after ${attempts} attempts: ${message}`);
    }
    let delay = computeRetryDelay(attempts, { baseMs: retryBaseMs, capMs: retryCapMs, random });
    if (error instanceof PlatformError && error.retryAfterSeconds !== undefined) delay = Math.max(delay, Math.min(error.retryAfterSeconds * 1000, retryCapMs));
    logger.warn({ ...fields, retryInMs: delay }, 'lead delivery failed; will retry');
    await settle(
      { ...item, attempts, dueAt: now + delay, lastError: message },
      { at: now, event: 'delivery_failed', partnerId: item.partnerId, deliveryId: item.id, detail: `attempt ${attempts} of ${item.type} by ${item.method.type}: ${message}` },
    );
  }

  /** Marks a delivery dead and, unless it was to the fallback partner or an alert itself, queues an alert to the fallback partner. */
  async function giveUp(item: SendItem, lead: LeadRecord, now: number, attempts: number, message: string, detail: string): Promise<void> {
    const fallback = partners.fallback;
    if (item.partnerId !== fallback.id && item.type !== 'lead.delivery_failed') {
      const failure = { deliveryId: item.id, partnerId: item.partnerId, method: item.method.type, attempts, error: message };
      const alerts = partnerMessages(lead.id, fallback, 'lead.delivery_failed', now, { failure, newId });
      if (alerts.length) await store.leads.updateLead(lead.id, (current) => ({ lead: current, enqueue: alerts }));
      else logger.error({ leadId: lead.id, partnerId: fallback.id }, 'the fallback partner has no delivery methods; nobody is alerted');
    }
    await settle({ ...item, status: 'dead', attempts, lastError: message }, { at: now, event: 'delivery_dead', partnerId: item.partnerId, deliveryId: item.id, detail });
  }

  /**
   * Reports a partner's Telegram chat that moved, once per chat whichever process saw it
   * first: a warning, the console's list, and a `lead.chat_moved` alert to the fallback partner.
   */
  async function reportChatMove(lead: LeadRecord, move: TelegramChatMove): Promise<void> {
    const now = clock.now();
    if (!(await telegramChats.report({ ...move, at: now }))) return;
    warnChatMoved(logger, move);
    const alerts = partnerMessages(lead.id, partners.fallback, 'lead.chat_moved', now, { chatMove: { ...move, at: now }, newId });
    if (alerts.length) await store.leads.updateLead(lead.id, (current) => ({ lead: current, enqueue: alerts }));
  }

  async function checkAcknowledged(item: LeadOutboxItem, lead: LeadRecord): Promise<void> {
    const now = clock.now();
    const done = (detail: string) => settle({ ...item, status: 'delivered', attempts: item.attempts + 1 }, { at: now, event: 'ack_check', partnerId: item.partnerId, deliveryId: item.id, detail });
    if (isAcknowledged(lead) || lead.status === 'erased') return done('acknowledged in time; nothing to do');
    const partner = partners.get(item.partnerId);
    let reminded = false;
    await store.leads.updateLead(lead.id, (current) => {
      const l = readLead(current);
      reminded = false;
      if (isAcknowledged(l) || l.status === 'erased' || l.remindedAt !== undefined) return undefined;
      reminded = true;
      const enqueue: LeadOutboxItem[] = partner ? partnerMessages(l.id, partner, 'lead.reminder', now, { newId }) : [];
      if (!partner?.fallback) {
        const after = options.escalateAfterMs ?? (partner?.ackWithinHours ?? 0) * HOUR_MS;
        enqueue.push(newOutboxItem(l.id, now, { kind: 'escalation_check', partnerId: item.partnerId }, now + after, newId));
      }
      return { lead: { ...l, remindedAt: now }, enqueue };
    });
    if (!reminded) return done('nothing to do');
    logger.info({ leadId: lead.id, partnerId: item.partnerId }, 'lead not acknowledged in time; partner reminded');
    await settle(
      { ...item, status: 'delivered', attempts: item.attempts + 1 },
      { at: now, event: 'reminded', partnerId: item.partnerId, deliveryId: item.id, detail: partner ? 'not acknowledged in time; reminder queued' : 'partner no longer configured; escalating' },
    );
  }

  async function checkEscalation(item: LeadOutboxItem, lead: LeadRecord): Promise<void> {
    const now = clock.now();
    const fallback = partners.fallback;
    const done = (detail: string) => settle({ ...item, status: 'delivered', attempts: item.attempts + 1 }, { at: now, event: 'escalation_check', partnerId: item.partnerId, deliveryId: item.id, detail });
    if (isAcknowledged(lead) || lead.status === 'erased' || lead.escalatedTo !== undefined || item.partnerId === fallback.id) return done('acknowledged after the reminder; nothing to do');
    let escalated = false;
    await store.leads.updateLead(lead.id, (current) => {
      const l = readLead(current);
      escalated = false;
      if (isAcknowledged(l) || l.status === 'erased' || l.escalatedTo !== undefined) return undefined;
      escalated = true;
      return {
        lead: { ...l, escalatedTo: fallback.id, escalatedAt: now },
        enqueue: partnerMessages(l.id, fallback, 'lead.qualified', now, { escalatedFrom: item.partnerId, newId }),
      };
    });
    if (!escalated) return done('nothing to do');
    if (fallback.delivery.length === 0) logger.warn({ leadId: lead.id, partnerId: fallback.id }, 'escalated to the fallback partner, which has no delivery methods');
    logger.warn({ leadId: lead.id, from: item.partnerId, to: fallback.id }, 'lead not acknowledged after a reminder; escalated to the fallback partner');
    await settle(
      { ...item, status: 'delivered', attempts: item.attempts + 1 },
      { at: now, event: 'escalated', partnerId: fallback.id, deliveryId: item.id, detail: `not acknowledged by ${item.partnerId}` },
    );
  }

  async function poll(): Promise<number> {
    const now = clock.now();
    if (lastPurgeAt === undefined || now - lastPurgeAt >= purgeEveryMs) {
      lastPurgeAt = now;
      try {
        const purged = await purgeUnqualifiedLeads(store.leads, now, retentionMs);
        if (purged) logger.info({ purged }, 'old unqualified leads deleted');
      } catch (error) {
        logger.error({ error: describeError(error) }, 'retention purge failed; will retry in an hour');
      }
    }
    const items = await store.leads.claimDueDeliveries({ now, limit: batchSize, leaseMs, owner });
    await Promise.all(
      items.map((item) =>
        handle(item).catch((error: unknown) =>
          // Store trouble: the lease runs out and the item is tried again.
          logger.error({ deliveryId: item.id, leadId: item.leadId, error: describeError(error) }, 'outbox item could not be handled; will retry after its lease'),
        ),
      ),
    );
    return items.length;
  }

  const polling = createPollingLoop({ poll, tickMs, batchSize, logger, failureMessage: 'outbox poll failed; will retry' });
  return { start: polling.start, stop: polling.stop, runOnce: polling.runOnce };

}

/** Tells the operator that a partner's Telegram group became a supergroup and what to change. */
function warnChatMoved(logger: Logger, move: TelegramChatMove): void {
  logger.warn(
    { partnerId: move.partnerId, configuredChatId: move.configured, fromChatId: move.from, toChatId: move.to },
    `partner ${move.partnerId}'s Telegram group became a supergroup; deliveries now go to chat ${move.to}. In PARTNERS_FILE, change this partner's telegram chatId from ${String(move.configured)} to ${move.to}`,
  );
}

