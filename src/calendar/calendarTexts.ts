/**
 * The words of calendar subscriptions and notifications, per language. Nothing here names a
 * district or states a fact: event names, regions and dates come from the calendar content.
 */
import type { Language } from '../knowledge/schema.js';

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

function datesZh(e: NoticeEvent): string {
  const parts: string[] = [];
  if (e.start) parts.push(`时间 ${e.start}${e.end && e.end !== e.start ? ` 至 ${e.end}` : ''}`);
  if (e.registrationDeadline) parts.push(`报名截止 ${e.registrationDeadline}`);
  return parts.join('，');
}

function datesEn(e: NoticeEvent): string {
  const parts: string[] = [];
  if (e.start) parts.push(`on ${e.start}${e.end && e.end !== e.start ? ` to ${e.end}` : ''}`);
  if (e.registrationDeadline) parts.push(`registration closes ${e.registrationDeadline}`);
  return parts.join(', ');
}

/** The calendar texts in both languages. */
export const CALENDAR_TEXTS: Record<Language, CalendarTexts> = {
  zh: {
    offerButton: '📅 有新日期时通知我',
    offerEventButton: (region) => `📅 只关注${region}`,
    consentButton: '同意并订阅',
    declineButton: '不用了',
    allEvents: '所有赛事',
    regionEvents: (region) => `${region}的赛事`,
    consent: (what, days) =>
      `订阅前请确认：我会保存您在本渠道的用户标识、使用的语言和您关注的内容（${what}），只用于在赛事公布日期、状态变化和报名截止前通知您，最长保留 ${days} 天。` +
      '随时回复“取消订阅”即可停止，回复“删除我的信息”会删除全部记录。是否订阅？',
    subscribed: (what) => `已订阅：${what}。有新日期、状态变化或报名即将截止时，我会在这里通知您。回复“取消订阅”可随时停止。`,
    declined: '好的，不订阅。需要时随时可以再订阅。',
    unsubscribed: '已取消订阅，您不会再收到赛事通知，订阅记录已删除。',
    notSubscribed: '您目前没有订阅赛事通知。',
    yourSubscription: (what, channel, until) => `赛事订阅：${what}（渠道 ${channel}，保留至 ${until}；回复“取消订阅”即可删除）。`,
    waitingIntro: '您订阅的赛事有新消息：',
    statusNames: { planned: '计划中', open: '报名中', closed: '报名已截止', held: '已举办', tba: '日期待公布', cancelled: '已取消' },
    datesOut: (e) => `📅 日期已公布：${e.name}（${e.region}）：${datesZh(e)}。`,
    statusChanged: (e) => `📅 状态更新：${e.name}（${e.region}）现为“${CALENDAR_TEXTS.zh.statusNames[e.status] ?? e.status}”${datesZh(e) ? `，${datesZh(e)}` : ''}。`,
    deadlineSoon: (e, days) => `⏰ 报名即将截止：${e.name}（${e.region}）报名截止日期为 ${e.registrationDeadline}（还有约 ${days} 天）。`,
    addToCalendar: (url) => `加入日历：${url}`,
    stopHint: '回复“取消订阅”即可停止通知。',
  },
  en: {
    offerButton: '📅 Notify me when dates are out',
    offerEventButton: (region) => `📅 Only ${region}`,
    consentButton: 'Yes, subscribe',
    declineButton: 'No thanks',
    allEvents: 'all events',
    regionEvents: (region) => `events in ${region}`,
    consent: (what, days) =>
      `Before I subscribe you: I will keep your user id on this channel, your language and what you follow (${what}), only to tell you when dates are announced, ` +
      `when an event's status changes and before registration closes, for at most ${days} days. Say "stop" at any time to end it, or "forget me" to delete everything. Subscribe?`,
    subscribed: (what) => `Subscribed: ${what}. I will tell you here when dates are announced, the status changes or registration is about to close. Say "stop" to end it at any time.`,
    declined: 'All right, no subscription. You can subscribe whenever you like.',
    unsubscribed: 'Unsubscribed: you will get no more calendar notifications, and the subscription is deleted.',
    notSubscribed: 'You have no calendar subscription.',
    yourSubscription: (what, channel, until) => `Calendar subscription: ${what} (channel ${channel}, kept until ${until}; say "stop" to delete it).`,
    waitingIntro: 'News about the events you follow:',
    statusNames: { planned: 'planned', open: 'open for registration', closed: 'registration closed', held: 'held', tba: 'date to be announced', cancelled: 'cancelled' },
    datesOut: (e) => `📅 Dates announced: ${e.name} (${e.region}): ${datesEn(e)}.`,
    statusChanged: (e) => `📅 Status update: ${e.name} (${e.region}) is now ${CALENDAR_TEXTS.en.statusNames[e.status] ?? e.status}${datesEn(e) ? `, ${datesEn(e)}` : ''}.`,
    deadlineSoon: (e, days) => `⏰ Registration closes soon: ${e.name} (${e.region}) closes on ${e.registrationDeadline} (in about ${days} days).`,
    addToCalendar: (url) => `Add to your calendar: ${url}`,
    stopHint: 'Say "stop" to end these notifications.',
  },
};
