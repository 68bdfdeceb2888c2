/**
 * {@link AdminServices}: the console's parts, built once by `registerAdminRoutes` and handed
 * to every route module. The route modules import this type, never the registration file, so
 * there is no import cycle between the entry point and its routes.
 */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
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

/** The console's parts, shared by its route modules. */
export interface AdminServices {
  store: Store;
  clock: Clock;
  logger: Logger;
  knowledge: StoreKnowledgeSource;
  /** The district profile: its time zone for every date shown, the engine of previews and the gate. */
  profile: DistrictProfile;
  content: ContentRepository;
  partners: LoadedPartners;
  accounts: UserAccounts;
  sessions: Sessions;
  limiter: LoginLimiter;
  audit: AuditLog;
  inbox: Inbox;
  regression: RegressionSet;
  gate: PublishGate;
  /** A knowledge base of these files, cached for previews (the last few sets). @throws InputError */
  buildCached(files: KnowledgeFiles): KnowledgeBase;
  /** Records an audit entry for the request's account. */
  record(ctx: AdminRequest, action: string, target?: string, detail?: string): Promise<void>;
}
