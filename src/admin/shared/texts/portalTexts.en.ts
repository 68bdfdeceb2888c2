/**
 * The partner portal's card texts in English, part of the console's texts (`consoleTexts.en.ts`,
 * key `portalCards`). The type is the Chinese texts' shape.
 */
import type { zhPortalCardTexts } from './portalTexts.zh.js';

/** The partner portal's card texts in English. */
export const enPortalCardTexts: typeof zhPortalCardTexts = {
  reference: 'Reference',
  received: 'Received',
  applicant: 'Applicant',
  call: (phone: string) => `Call ${phone}`,
  mail: (email: string) => `E-mail ${email}`,
  replyBy: 'Acknowledge by',
  countdown: { leftHours: '{h} h {m} min left', leftMinutes: '{m} min left', overdueHours: 'overdue by {h} h {m} min', overdueMinutes: 'overdue by {m} min' },
  acknowledgedAt: (at: string) => `Acknowledged at ${at}`,
  history: 'Status history',
  lastEvent: 'Latest',
  open: 'Open and update',
  answers: "The applicant's answers",
  reasons: 'Why the first assessment',
};
