/**
 * The words of calendar subscriptions and notifications, per language — a typed view of
 * `locales/<language>/calendar.json`. Nothing here names a district or states a fact: event
 * names, regions and dates come from the calendar content.
 */
import { localeView, type LocaleView, type Namespaces } from '../i18n/locales.js';
import type { Language } from '../shared/language.js';

/** What a notification is about. */
export type NotificationChange = 'dates' | 'status' | 'deadline';

/** An event as a notification describes it (from the calendar). */
export interface NoticeEvent {
  name: string;
  region: string;
  status: string;
  start?: string | undefined;
  end?: string | undefined;
  registrationDeadline?: string | undefined;
}

/** The texts of one language. */
export interface CalendarTexts {
  offerButton: string;
  offerEventButton(region: string): string;
  consentButton: string;
  declineButton: string;
  allEvents: string;
  regionEvents(region: string): string;
  consent(what: string, days: number): string;
  subscribed(what: string): string;
  declined: string;
  unsubscribed: string;
  notSubscribed: string;
  yourSubscription(what: string, channel: string, until: string): string;
  waitingIntro: string;
  statusNames: Record<string, string>;
  datesOut(event: NoticeEvent): string;
  statusChanged(event: NoticeEvent): string;
  deadlineSoon(event: NoticeEvent, days: number): string;
  addToCalendar(url: string): string;
  stopHint: string;
}

/** An event's dates in words ("时间 … 至 …，报名截止 …"); empty when the calendar gives none. */
function describeDates(view: LocaleView<Namespaces['calendar']>, e: NoticeEvent): string {
  const parts: string[] = [];
  if (e.start) parts.push(e.end && e.end !== e.start ? view.t('dates.startToEnd', { start: e.start, end: e.end }) : view.t('dates.start', { start: e.start }));
  if (e.registrationDeadline) parts.push(view.t('dates.deadline', { deadline: e.registrationDeadline }));
  return parts.join(view.all.dates.separator);
}

/** The calendar texts in `language`, from its locale file. */
function buildCalendarTexts(language: Language): CalendarTexts {
  const view = localeView(language, 'calendar');
  const { all, t } = view;
  const statusNames: Record<string, string> = { ...all.statusNames };
  return {
    ...all,
    offerEventButton: (region) => t('offerEventButton', { region }),
    regionEvents: (region) => t('regionEvents', { region }),
    consent: (what, days) => t('consent', { what, days }),
    subscribed: (what) => t('subscribed', { what }),
    yourSubscription: (what, channel, until) => t('yourSubscription', { what, channel, until }),
    statusNames,
    datesOut: (e) => t('datesOut', { name: e.name, region: e.region, dates: describeDates(view, e) }),
    statusChanged: (e) => {
      const dates = describeDates(view, e);
      return t('statusChanged', { name: e.name, region: e.region, status: statusNames[e.status] ?? e.status, dates: dates ? t('statusChangedDates', { dates }) : '' });
    },
    deadlineSoon: (e, days) => t('deadlineSoon', { name: e.name, region: e.region, deadline: e.registrationDeadline ?? '', days }),
    addToCalendar: (url) => t('addToCalendar', { url }),
  };
}

/** The calendar texts in both languages. */
export const CALENDAR_TEXTS: Record<Language, CalendarTexts> = { zh: buildCalendarTexts('zh'), en: buildCalendarTexts('en') };
