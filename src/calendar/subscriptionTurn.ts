/**
 * The conversation side of calendar subscriptions, inside an engine turn: offering a
 * subscription with its consent text first (what is kept, for how long, how to stop),
 * subscribing on consent (a button or "好的" / "yes"), declining, ending it ("取消订阅" / "stop"),
 * the offer button under calendar answers, and the notices kept for a subscriber's next
 * message. Which event, region or all events a request means is read from the calendar's own
 * names ({@link readSubscriptionScope}).
 */
import type { TurnHandlers } from '../core/turnHandlers.js';
import type { Reply } from '../core/messages.js';
import { say, type Turn } from '../core/turn.js';
import { upcomingEvents } from '../knowledge/describeCalendar.js';
import type { Calendar } from '../knowledge/schema.js';
import { dateIn } from '../shared/zonedTime.js';
import { CALENDAR_TEXTS } from './calendarTexts.js';
import { eventIcsUrl } from './composeNotification.js';
import type { SubscriptionBook } from './subscriptionBook.js';
import { decodeScope, encodeScope, type SubscriptionScope } from './subscriptionSchema.js';

/** What the engine passes in when subscriptions are on. */
export interface CalendarSubscriptions {
  book: SubscriptionBook;
  /** How long a subscription is kept, in days (said in the consent text). */
  keepDays: number;
  /** The deployment's external URL, for the per-event `.ics` links in calendar answers. */
  publicBaseUrl: string;
}

/** Button actions of subscriptions: `calendar:offer:<scope>`, `calendar:subscribe:<scope>`, `calendar:decline`. */
export const CALENDAR_ACTION_PREFIX = 'calendar:';

/**
 * What a request to be told follows: an event named by its name, else the region named, else
 * every event.
 *
 * @param calendar - the published calendar
 * @param text - what the applicant wrote
 */
export function readSubscriptionScope(calendar: Calendar, text: string): SubscriptionScope {
  const said = text.normalize('NFKC').toLowerCase();
  const named = (words: readonly string[]) => words.some((w) => w.trim().length >= 2 && said.includes(w.normalize('NFKC').toLowerCase()));
  const event = calendar.events.find((e) => named([e.name.zh, e.name.en]));
  if (event) return { kind: 'event', eventId: event.id };
  const region = calendar.events.find((e) => named([e.region.zh, e.region.en]));
  return region ? { kind: 'region', region: region.region.zh } : { kind: 'all' };
}

/** The scope in the applicant's words. */
function describeScope(turn: Turn, scope: SubscriptionScope): string {
  const texts = CALENDAR_TEXTS[turn.language];
  if (scope.kind === 'all') return texts.allEvents;
  const events = turn.knowledge.content.calendar.events;
  if (scope.kind === 'event') return events.find((e) => e.id === scope.eventId)?.name[turn.language] ?? scope.eventId;
  const region = events.find((e) => e.region.zh === scope.region)?.region[turn.language] ?? scope.region;
  return texts.regionEvents(region);
}

/** The consent question; "好的" / "yes" then subscribes. */
export function offerSubscription(turn: Turn, subscriptions: CalendarSubscriptions, scope: SubscriptionScope): void {
  const texts = CALENDAR_TEXTS[turn.language];
  say(turn, texts.consent(describeScope(turn, scope), subscriptions.keepDays), [
    { label: texts.consentButton, action: `${CALENDAR_ACTION_PREFIX}subscribe:${encodeScope(scope)}` },
    { label: texts.declineButton, action: `${CALENDAR_ACTION_PREFIX}decline` },
  ]);
  turn.state.offer = { kind: 'subscribe', scope };
}

/** Subscribes after consent. */
async function subscribe(turn: Turn, subscriptions: CalendarSubscriptions, scope: SubscriptionScope): Promise<void> {
  turn.state.offer = undefined;
  await subscriptions.book.subscribe({ channel: turn.inbound.channel, userId: turn.inbound.userId }, scope, turn.language);
  say(turn, CALENDAR_TEXTS[turn.language].subscribed(describeScope(turn, scope)));
}

/** Ends the subscription ("取消订阅" / "stop"). */
async function unsubscribe(turn: Turn, subscriptions: CalendarSubscriptions): Promise<void> {
  turn.state.offer = undefined;
  const ended = await subscriptions.book.unsubscribe({ channel: turn.inbound.channel, userId: turn.inbound.userId });
  say(turn, ended ? CALENDAR_TEXTS[turn.language].unsubscribed : CALENDAR_TEXTS[turn.language].notSubscribed);
}

/**
 * Handles a subscription button; false when the action is not one.
 *
 * @param turn - the turn
 * @param subscriptions - the book and retention
 * @param action - the pressed button's action
 */
export async function pressSubscriptionButton(turn: Turn, subscriptions: CalendarSubscriptions, action: string): Promise<boolean> {
  if (!action.startsWith(CALENDAR_ACTION_PREFIX)) return false;
  const [verb, ...rest] = action.slice(CALENDAR_ACTION_PREFIX.length).split(':');
  const scope = decodeScope(rest.join(':'));
  if (verb === 'offer' && scope) offerSubscription(turn, subscriptions, scope);
  else if (verb === 'subscribe' && scope) await subscribe(turn, subscriptions, scope);
  else if (verb === 'decline') {
    turn.state.offer = undefined;
    say(turn, CALENDAR_TEXTS[turn.language].declined);
  } else return false;
  return true;
}

/**
 * Handles the subscription acts — asking to be told, asking to stop, and yes / no to the
 * consent question; false when the act is something else (or no consent is pending).
 *
 * @param turn - the turn
 * @param subscriptions - the book and retention
 * @param act - the recognised dialogue act
 * @param text - what the applicant wrote (names the event or region)
 */
export async function respondToSubscriptionAct(turn: Turn, subscriptions: CalendarSubscriptions, act: string, text: string): Promise<boolean> {
  const offer = turn.state.offer;
  if (act === 'subscribe') offerSubscription(turn, subscriptions, readSubscriptionScope(turn.knowledge.content.calendar, text));
  else if (act === 'unsubscribe') await unsubscribe(turn, subscriptions);
  else if (act === 'yes' && offer?.kind === 'subscribe') await subscribe(turn, subscriptions, offer.scope);
  else if (act === 'no' && offer?.kind === 'subscribe') {
    turn.state.offer = undefined;
    say(turn, CALENDAR_TEXTS[turn.language].declined);
  } else return false;
  return true;
}

/** At most this many "only this event" buttons under a calendar answer. */
const MAX_EVENT_BUTTONS = 3;

/**
 * Adds to a calendar answer the `.ics` link of each dated upcoming event, the "notify me"
 * button (all events) and one "only this one" button per upcoming event.
 */
export function withSubscribeButton(turn: Turn, subscriptions: CalendarSubscriptions, reply: Reply): Reply {
  const texts = CALENDAR_TEXTS[turn.language];
  const upcoming = upcomingEvents(turn.knowledge.content.calendar, dateIn(turn.now, turn.profile.timeZone));
  const links = upcoming.filter((e) => e.start || e.registrationDeadline).map((e) => `${e.name[turn.language]}: ${texts.addToCalendar(eventIcsUrl(subscriptions.publicBaseUrl, e.id))}`);
  const perEvent = upcoming.slice(0, MAX_EVENT_BUTTONS).map((e) => ({ label: texts.offerEventButton(e.region[turn.language]), action: `${CALENDAR_ACTION_PREFIX}offer:event:${e.id}` }));
  return {
    ...reply,
    text: links.length ? `${reply.text}\n\n${links.join('\n')}` : reply.text,
    buttons: [...reply.buttons, { label: texts.offerButton, action: `${CALENDAR_ACTION_PREFIX}offer:all` }, ...perEvent],
  };
}

/** Adds to "my data" what the subscription keeps, when there is one. */
export async function describeSubscription(turn: Turn, subscriptions: CalendarSubscriptions): Promise<void> {
  const subscription = await subscriptions.book.find({ channel: turn.inbound.channel, userId: turn.inbound.userId });
  if (!subscription) return;
  const what = subscription.follows.map((f) => describeScope(turn, f)).join(turn.language === 'zh' ? '、' : ', ');
  const until = dateIn(subscription.updatedAt + subscriptions.keepDays * 24 * 3600_000, turn.profile.timeZone);
  say(turn, CALENDAR_TEXTS[turn.language].yourSubscription(what, subscription.channel, until));
}

/**
 * Takes the notices kept for a subscriber as one reply in their language, or undefined when
 * none wait.
 *
 * @param subscriptions - the book
 * @param who - the subscriber
 */
export async function takeWaitingNotices(subscriptions: CalendarSubscriptions, who: { channel: string; userId: string }): Promise<Reply | undefined> {
  const notices = await subscriptions.book.takeNotices(who);
  const language = notices[0]?.language;
  if (language === undefined) return undefined;
  const text = [CALENDAR_TEXTS[language].waitingIntro, ...notices.map((n) => n.text)].join('\n\n');
  return { text, buttons: [], sources: [], fallback: false, language };
}

/** Puts the notices kept for this subscriber in front of the turn's replies (web; 微信客服 outside its window). */
export async function showWaitingNotices(turn: Turn, subscriptions: CalendarSubscriptions): Promise<void> {
  const reply = await takeWaitingNotices(subscriptions, { channel: turn.inbound.channel, userId: turn.inbound.userId });
  if (reply) turn.replies.unshift(reply);
}

/**
 * Registers the subscriptions into the turn's handler table: their buttons, their part of
 * "my data", and the acts of asking to be told, asking to stop and yes / no to the consent.
 *
 * @param handlers - the engine's table
 * @param subscriptions - the book and retention
 */
export function registerSubscriptionHandlers(handlers: TurnHandlers, subscriptions: CalendarSubscriptions): TurnHandlers {
  handlers.command('calendar', (turn, command) => pressSubscriptionButton(turn, subscriptions, command.action));
  handlers.command('myData', async (turn) => (await describeSubscription(turn, subscriptions), true));
  for (const act of ['subscribe', 'unsubscribe', 'yes', 'no'] as const) handlers.act(act, (turn, text) => respondToSubscriptionAct(turn, subscriptions, act, text));
  return handlers;
}
