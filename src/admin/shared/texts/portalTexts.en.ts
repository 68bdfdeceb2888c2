/**
 * The partner portal's card texts in English, part of the console's texts (`consoleTexts.en.ts`,
 * key `portalCards`). The type is the Chinese texts' shape.
 */
import type { zhPortalCardTexts } from './portalTexts.zh.js';

/** Whole hours and minutes, `5 h 12 min`. */
const span = (minutes: number) => (minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`);

/** The partner portal's card texts in English. */
export const enPortalCardTexts: typeof zhPortalCardTexts = {
  reference: 'Reference',
  received: 'Received',
  applicant: 'Applicant',
  call: (phone: string) => `Call ${phone}`,
  mail: (email: string) => `E-mail ${email}`,
  replyBy: 'Acknowledge by',
  left: (minutes: number) => `${span(minutes)} left`,
  overdue: (minutes: number) => `overdue by ${span(minutes)}`,
  acknowledgedAt: (at: string) => `Acknowledged at ${at}`,
  history: 'Status history',
  lastEvent: 'Latest',
  open: 'Open and update',
  answers: "The applicant's answers",
  reasons: 'Why the first assessment',
};
