/**
 * The words of leads in English, part of the console's texts (`consoleTexts.en.ts`, key
 * `leadWords`). The type is the Chinese texts' shape.
 */
import type { zhLeadTexts } from './leadTexts.zh.js';

/** The words of leads in English. */
export const enLeadTexts: typeof zhLeadTexts = {
  csv: {
    reference: 'Reference',
    id: 'Lead id',
    created: 'Submitted',
    updated: 'Updated',
    channel: 'Channel',
    language: 'Language',
    flow: 'Form',
    outcome: 'Outcome',
    reasons: 'Reasons',
    partner: 'Partner',
    escalatedTo: 'Escalated to',
    status: 'Status',
    delivered: 'First delivered',
    acknowledged: 'Acknowledged',
    partnerNote: 'Partner note',
    keepInformed: 'Keep informed',
    contactName: 'Name',
    contactPhone: 'Phone',
    contactEmail: 'E-mail',
  },
  timesIn: (timeZone: string) => ` (${timeZone} time)`,
  historyHeaders: { time: 'Time', event: 'Event', detail: 'Detail' },
  answerQuestion: 'Question',
  answerValue: 'Answer',
  deliveries: { kind: 'Kind', type: 'Message', method: 'Method', due: 'Next attempt', error: 'Error' },
  deliveryStatuses: { pending: 'pending', delivered: 'delivered', dead: 'failed', cancelled: 'cancelled' },
  yes: 'yes',
  no: 'no',
  languages: { zh: 'Chinese', en: 'English' },
  historyEvents: {
    created: 'Submitted',
    routed: 'Assigned to a partner',
    reapplied: 'Applied again (updated)',
    keep_informed: 'Asked to be kept informed',
    delivered: 'Delivered',
    delivery_failed: 'Delivery failed, will retry',
    delivery_dead: 'Delivery failed for good',
    delivery_cancelled: 'Delivery cancelled',
    acknowledged: 'Acknowledged by the partner',
    reminded: 'Partner reminded',
    escalated: 'Escalated to the talent office',
    ack_check: 'Acknowledgement checked',
    escalation_check: 'Escalation checked',
    erased: 'Personal data erased by the applicant',
  },
  statusChanged: (status: string) => `Status changed to "${status}"`,
};
