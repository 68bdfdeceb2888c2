/**
 * {@link AdminServices}: the console's parts, built once by `registerAdminRoutes` and handed
 * to every route module. The route modules import this type, never the registration file, so
 * there is no import cycle between the entry point and its routes.
 */
import type { Subscription } from '../../calendar/subscriptionSchema.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { Flows } from '../../flows/loadFlows.js';
import type { DistrictProfile } from '../../knowledge/districtProfile.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import type { LoadedPartners } from '../../leads/partners.js';
import type { Store } from '../../store/contract.js';
import type { AuditLog } from '../accounts/auditLog.js';
import type { LoginLimiter } from '../accounts/loginLimiter.js';
import type { Sessions } from '../accounts/sessions.js';
import type { UserAccounts } from '../accounts/userAccounts.js';
import type { ContentRepository } from '../content/contentRepository.js';
import type { KnowledgeFiles } from '../content/knowledgeFiles.js';
import type { StoreKnowledgeSource } from '../content/storeKnowledgeSource.js';
import type { Inbox } from '../inbox/inbox.js';
import type { PublishGate } from '../publish/publishGate.js';
import type { RegressionSet } from '../publish/regressionSet.js';
import type { AdminRequest } from './adminRouter.js';

/** A 微信客服 customer waiting in the servicer queue, as the console shows it (the WeCom channel provides the list). */
export interface WaitingHandoff {
  /** The 微信客服 account. */
  openKfId: string;
  /** The customer (`external_userid`). */
  externalUserId: string;
  /** When the customer was handed over, epoch milliseconds. */
  since: number;
}

/** Where the console reads the waiting 微信客服 hand-overs from. */
export interface WaitingHandoffs {
  /** The customers waiting now, longest waiting first. */
  list(): Promise<WaitingHandoff[]>;
  /** `WECOM_KF_HANDOFF_TIMEOUT_MINUTES` in milliseconds: how long they may wait before the bot answers them again. */
  timeoutMs: number;
}

/** Where the console reads calendar subscribers from (counts only are shown). */
export interface CalendarSubscribers {
  /** Every live subscription. */
  list(): Promise<Subscription[]>;
  /** The deployment's external URL, for the links in previewed notifications. */
  publicBaseUrl: string;
}

/** The console's parts, shared by its route modules. */
export interface AdminServices {
  store: Store;
  clock: Clock;
  logger: Logger;
  knowledge: StoreKnowledgeSource;
  /** The district profile: its time zone for every date shown, the engine of previews and the gate. */
  profile: DistrictProfile;
  content: ContentRepository;
  /** The conversation flows: leads' answers are shown with their question and choice labels. */
  flows: Flows;
  partners: LoadedPartners;
  accounts: UserAccounts;
  sessions: Sessions;
  limiter: LoginLimiter;
  audit: AuditLog;
  inbox: Inbox;
  regression: RegressionSet;
  gate: PublishGate;
  /** The 微信客服 customers handed to the servicer queue who wait for a person; undefined when the WeCom channel is off. */
  handoffs?: WaitingHandoffs;
  /** The calendar subscribers; undefined when subscriptions are off. */
  calendar?: CalendarSubscribers;
  /** `CONVERSATION_LOG_DAYS` in milliseconds: how long the conversation logs keep a turn; 0: they are off. */
  conversationLogMs: number;
  /** `CONTENT_STALE_DAYS`: entries whose as-of date is older than this many days are flagged as stale. */
  contentStaleDays: number;
  /** A knowledge base of these files, cached for previews (the last few sets). @throws InputError */
  buildCached(files: KnowledgeFiles): KnowledgeBase;
  /** Records an audit entry for the request's account. */
  record(ctx: AdminRequest, action: string, target?: string, detail?: string): Promise<void>;
}
