/**
 * A local fake of the WeCom server API, answering like WeCom does: gettoken, the 微信客服
 * calls (sync_msg with cursor paging, send_msg, send_msg_on_event, service_state get and
 * trans), the app's message/send and the group robot's webhook/send (by key: an unknown or
 * removed robot answers 93000). It checks access tokens and WeCom's byte limits, and
 * records every request. Tests queue kf messages, one-off errors (-1 系统繁忙, 45009, …)
 * and calls that never get an answer (a timeout).
 *
 * Session states follow the published rules (https://developer.work.weixin.qq.com/document/path/94669):
 * the API may send only while the session is untreated (0) or with the bot (1), otherwise
 * 95018; service_state/trans allows 0 → 1/2/3/4, 1 → 2/3/4, 2 → 3/4, 3 → 3/4 and nothing
 * from 4, otherwise 95016; a move to 2 or 3 returns a msg_code for the 回复语, to 4 one for
 * the 结束语 (each usable once with send_msg_on_event); a customer writing to an ended
 * session (4) makes it untreated (0) again.
 *
 * Template cards follow documents 90236, 91770 and 94888: the group robot takes only
 * text_notice and news_notice cards (text_notice needs card_action); the app's
 * button_interaction card needs a task_id of `[A-Za-z0-9_@-]{1,128}` that the app never used
 * before (else 42014), a main title and one to six buttons with distinct keys. A member who
 * got a card can press one of its buttons ({@link FakeWecom.pressCardButton}): that issues a
 * response_code, which message/update_template_card accepts once.
 */
import { sendJson, startLocalServer, type LocalServer } from '../../leads/leadTestKit.js';

/** A recorded call: its path, query and JSON body. */
export interface FakeCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** A message or event as sync_msg returns it. */
export type FakeKfMessage = Record<string, unknown> & { msgid: string; send_time: number };

/** The fake WeCom. */
export interface FakeWecom {
  url: string;
  calls: FakeCall[];
  /** The calls to one method, e.g. "kf/send_msg" or "gettoken". */
  callsTo(method: string): FakeCall[];
  /** Queues messages for sync_msg of an account. */
  addKfMessages(openKfId: string, ...messages: FakeKfMessage[]): void;
  /** sync_msg returns at most this many per page (default 2, to exercise paging). */
  kfPageSize: number;
  /** The session state service_state/get answers, per `<open_kfid>:<external_userid>` (default 0). */
  serviceStates: Map<string, number>;
  /** Group robot keys webhook/send accepts; delete one to remove its robot from the group. */
  robotKeys: Set<string>;
  /** The next call to `method` (after `skip` successful ones) answers `errcode` (once per queued entry). */
  failNext(method: string, errcode: number, options?: { errmsg?: string; skip?: number }): void;
  /** Drops the failures still queued for `method`: its calls succeed again. */
  stopFailing(method: string): void;
  /** The next call to `method` gets no answer at all, as when WeCom does not answer in time. */
  hangNext(method: string): void;
  /** The calls to `method` WeCom accepted (errcode 0). */
  acceptedCalls(method: string): FakeCall[];
  /** Resolves with the next call to `method` as it arrives: a signal to wait for instead of sleeping. */
  nextCall(method: string): Promise<FakeCall>;
  /** Makes every issued token invalid, as if the secret had been reset. */
  revokeTokens(): void;
  /** The app's template cards by task id, as last sent or updated, with who got them. */
  appCards: Map<string, { card: FakeCard & Record<string, unknown>; recipients: string[] }>;
  /**
   * A member presses a button of an app card, as in the WeCom client: refused (an Error) when
   * the member did not get the card, the key is not one of its buttons or the buttons are greyed
   * out; else the `ResponseCode` the callback carries.
   */
  pressCardButton(press: { taskId: string; key: string; user: string }): { responseCode: string };
  close(): Promise<void>;
}

/**
 * Starts the fake.
 *
 * @param app - the CorpID and app Secret gettoken accepts
 */
export async function startFakeWecom(app: { corpId: string; secret: string }): Promise<FakeWecom> {
  const calls: FakeCall[] = [];
  const kfMessages = new Map<string, FakeKfMessage[]>();
  const failures: Array<{ method: string; errcode: number; errmsg: string; skip: number }> = [];
  const hanging: string[] = [];
  const accepted = new Set<FakeCall>();
  const waiters: Array<{ method: string; resolve: (call: FakeCall) => void }> = [];
  const codes = new Set<string>();
  const stateOf = (body: Record<string, unknown>) => `${String(body.open_kfid)}:${String(body.external_userid ?? body.touser)}`;
  const ALLOWED_MOVES: Record<number, readonly number[]> = { 0: [1, 2, 3, 4], 1: [2, 3, 4], 2: [3, 4], 3: [3, 4], 4: [] };
  const validTokens = new Set<string>();
  let issued = 0;

  const fake: FakeWecom = {
    url: '',
    close: async () => {},
    calls,
    callsTo: (method) => calls.filter((c) => c.path === `/cgi-bin/${method}`),
    addKfMessages(openKfId, ...messages) {
      for (const m of messages) {
        const key = `${openKfId}:${String(m.external_userid)}`;
        if (m.origin === 3 && fake.serviceStates.get(key) === 4) fake.serviceStates.set(key, 0);
      }
      kfMessages.set(openKfId, [...(kfMessages.get(openKfId) ?? []), ...messages]);
    },
    kfPageSize: 2,
    serviceStates: new Map(),
    robotKeys: new Set(),
    failNext(method, errcode, options = {}) {
      failures.push({ method, errcode, errmsg: options.errmsg ?? `fake error ${errcode}`, skip: options.skip ?? 0 });
    },
    stopFailing(method) {
      for (let i = failures.length - 1; i >= 0; i--) if (failures[i]!.method === method) failures.splice(i, 1);
    },
    hangNext(method) {
      hanging.push(method);
    },
    nextCall: (method) => new Promise<FakeCall>((resolve) => waiters.push({ method, resolve })),
    acceptedCalls: (method) => calls.filter((c) => c.path === `/cgi-bin/${method}` && accepted.has(c)),
    revokeTokens() {
      validTokens.clear();
    },
    appCards: new Map(),
    pressCardButton({ taskId, key, user }) {
      const task = fake.appCards.get(taskId);
      if (!task) throw new Error(`no app card with task id ${taskId}`);
      if (!task.recipients.includes(user)) throw new Error(`${user} did not get the card ${taskId}`);
      if (task.card.replace_text !== undefined || !(task.card.button_list ?? []).some((b) => b.key === key)) throw new Error(`no button ${key} to press on ${taskId}`);
      const responseCode = `RESPONSE_CODE_${++issued}`;
      responseCodes.set(responseCode, taskId);
      return { responseCode };
    },
  };
  const responseCodes = new Map<string, string>();

  /** message/send of a markdown message or a template card; undefined for the other types. */
  const sendAppMessage = (body: Record<string, unknown>): Record<string, unknown> | undefined => {
    if (body.msgtype === 'markdown') {
      const content = (body.markdown as { content?: unknown } | undefined)?.content;
      if (typeof content !== 'string' || Buffer.byteLength(content) > 2048) return { errcode: 40058, errmsg: 'markdown.content is missing or exceeds 2048 bytes' };
      return { errcode: 0, errmsg: 'ok', msgid: `sent-${calls.length}` };
    }
    if (body.msgtype !== 'template_card') return undefined;
    const card = (body.template_card ?? {}) as FakeCard & Record<string, unknown>;
    const problem = checkAppCard(card);
    if (problem) return invalid(problem);
    const taskId = String(card.task_id);
    if (fake.appCards.has(taskId)) return { errcode: 42014, errmsg: 'taskid has existed or empty or exceed max len' };
    fake.appCards.set(taskId, { card, recipients: String(body.touser ?? '').split('|').filter(Boolean) });
    const responseCode = `RESPONSE_CODE_${++issued}`;
    responseCodes.set(responseCode, taskId);
    return { errcode: 0, errmsg: 'ok', msgid: `sent-${calls.length}`, response_code: responseCode };
  };

  /** message/update_template_card: once per response_code, with a valid card for the same task. */
  const updateAppCard = (body: Record<string, unknown>): Record<string, unknown> => {
    const taskId = responseCodes.get(String(body.response_code));
    if (taskId === undefined) return { errcode: 40058, errmsg: 'invalid response_code: unknown or used already' };
    const card = (body.template_card ?? {}) as FakeCard & Record<string, unknown>;
    const problem = checkAppCard(card);
    if (problem) return invalid(problem);
    if (card.task_id !== taskId) return invalid('template_card.task_id must be the task of the response_code');
    if (body.atall !== 1 && !Array.isArray(body.userids)) return invalid('name userids or set atall');
    responseCodes.delete(String(body.response_code));
    fake.appCards.set(taskId, { card, recipients: fake.appCards.get(taskId)?.recipients ?? [] });
    return { errcode: 0, errmsg: 'ok' };
  };

  const answer = (path: string, query: URLSearchParams, body: Record<string, unknown>): Record<string, unknown> => {
    const method = path.replace(/^\/cgi-bin\//, '');
    const failure = failures.findIndex((f) => f.method === method);
    if (failure >= 0 && failures[failure]!.skip > 0) failures[failure]!.skip -= 1;
    else if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      return { errcode: f!.errcode, errmsg: f!.errmsg };
    }
    if (method === 'gettoken') {
      if (query.get('corpid') !== app.corpId) return { errcode: 40013, errmsg: 'invalid corpid' };
      if (query.get('corpsecret') !== app.secret) return { errcode: 40001, errmsg: 'invalid credential' };
      const token = `fake-token-${++issued}`;
      validTokens.add(token);
      return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 };
    }
    if (method === 'webhook/send') {
      if (!fake.robotKeys.has(query.get('key') ?? '')) return { errcode: 93000, errmsg: 'invalid webhook url, hint: [1700000000_1_fake]' };
      if (body.msgtype === 'template_card') return checkRobotCard(body.template_card);
      const content = (body.markdown as { content?: string } | undefined)?.content ?? '';
      if (body.msgtype !== 'markdown' || Buffer.byteLength(content) > 4096) return { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' };
      return { errcode: 0, errmsg: 'ok' };
    }
    if (!validTokens.has(query.get('access_token') ?? '')) return { errcode: 40014, errmsg: 'invalid access_token' };
    switch (method) {
      case 'kf/sync_msg': {
        const list = kfMessages.get(String(body.open_kfid)) ?? [];
        const start = Number(body.cursor || 0);
        const end = Math.min(list.length, start + Math.min(Number(body.limit ?? 1000), fake.kfPageSize));
        return { errcode: 0, errmsg: 'ok', next_cursor: String(end), has_more: end < list.length ? 1 : 0, msg_list: list.slice(start, end) };
      }
      case 'message/update_template_card':
        return updateAppCard(body);
      case 'kf/send_msg':
      case 'kf/send_msg_on_event':
      case 'message/send': {
        const app = method === 'message/send' ? sendAppMessage(body) : undefined;
        if (app) return app;
        if (method === 'kf/send_msg' && (fake.serviceStates.get(stateOf(body)) ?? 0) > 1) return { errcode: 95018, errmsg: 'invalid session state' };
        if (method === 'kf/send_msg_on_event') {
          if (codes.has(String(body.code))) return { errcode: 95018, errmsg: 'the code was used already' };
          codes.add(String(body.code));
        }
        const text = (body.text as { content?: string } | undefined)?.content;
        const menu = body.msgmenu as { head_content?: string; list?: unknown[] } | undefined;
        if (text !== undefined && Buffer.byteLength(text) > 2048) return { errcode: 44004, errmsg: 'text content exceed 2048 bytes' };
        if (menu && (Buffer.byteLength(menu.head_content ?? '') > 1024 || (menu.list?.length ?? 0) > 10)) return { errcode: 40058, errmsg: 'msgmenu exceeds its limits' };
        return { errcode: 0, errmsg: 'ok', msgid: `sent-${calls.length}` };
      }
      case 'kf/service_state/get':
        return { errcode: 0, errmsg: 'ok', service_state: fake.serviceStates.get(stateOf(body)) ?? 0 };
      case 'kf/service_state/trans': {
        const to = Number(body.service_state);
        if (!ALLOWED_MOVES[fake.serviceStates.get(stateOf(body)) ?? 0]?.includes(to)) return { errcode: 95016, errmsg: 'this change of service state is not allowed' };
        fake.serviceStates.set(stateOf(body), to);
        return { errcode: 0, errmsg: 'ok', msg_code: to === 4 ? `MSG_CODE_END_${calls.length}` : `MSG_CODE_AFTER_TRANS_${calls.length}` };
      }
      default:
        return { errcode: 404, errmsg: `the fake does not know ${method}` };
    }
  };

  const server: LocalServer = await startLocalServer((request, response) => {
    const url = new URL(request.url, 'http://fake');
    const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    const call = { method: request.method, path: url.pathname, query: url.searchParams, body };
    calls.push(call);
    for (const waiter of waiters.filter((w) => `/cgi-bin/${w.method}` === url.pathname)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(call);
    }
    const hang = hanging.indexOf(url.pathname.replace(/^\/cgi-bin\//, ''));
    if (hang >= 0) {
      hanging.splice(hang, 1);
      return new Promise<void>(() => {});
    }
    const result = answer(url.pathname, url.searchParams, body);
    if (result.errcode === 0) accepted.add(call);
    sendJson(response, 200, result);
  });
  fake.url = server.url;
  fake.close = () => server.close();
  return fake;
}

/** A card as WeCom reads it: the fields every card type shares. */
export interface FakeCard {
  card_type?: unknown;
  main_title?: { title?: unknown };
  sub_title_text?: unknown;
  horizontal_content_list?: Array<{ keyname?: unknown; type?: unknown; url?: unknown }>;
  jump_list?: Array<{ title?: unknown; type?: unknown; url?: unknown }>;
  card_action?: { type?: unknown; url?: unknown };
  task_id?: unknown;
  button_list?: Array<{ text?: unknown; key?: unknown; type?: unknown; url?: unknown }>;
  replace_text?: unknown;
}

const invalid = (errmsg: string) => ({ errcode: 40058, errmsg: `invalid parameter: ${errmsg}` });
const isUrl = (value: unknown) => typeof value === 'string' && /^https?:\/\//.test(value);

/** The checks the robot's template cards get (document 91770): only text_notice and news_notice, and what they require. */
function checkRobotCard(card: unknown): Record<string, unknown> {
  const c = (card ?? {}) as FakeCard;
  if (c.card_type !== 'text_notice' && c.card_type !== 'news_notice') return invalid('a group robot sends only text_notice and news_notice cards');
  const problem = checkCardParts(c);
  if (problem) return invalid(problem);
  if (c.card_type === 'text_notice' && (c.card_action?.type !== 1 || !isUrl(c.card_action.url))) return invalid('card_action is required for text_notice');
  return { errcode: 0, errmsg: 'ok' };
}

/** What every card must satisfy: a title or text, at most six rows and three jumps, URLs where the type says so. */
export function checkCardParts(c: FakeCard): string | undefined {
  if (typeof c.main_title?.title !== 'string' && typeof c.sub_title_text !== 'string') return 'main_title.title or sub_title_text is required';
  if ((c.horizontal_content_list?.length ?? 0) > 6) return 'horizontal_content_list has more than 6 items';
  if (c.horizontal_content_list?.some((h) => typeof h.keyname !== 'string' || (h.type === 1 && !isUrl(h.url)))) return 'horizontal_content_list.keyname is required';
  if ((c.jump_list?.length ?? 0) > 3) return 'jump_list has more than 3 items';
  if (c.jump_list?.some((j) => typeof j.title !== 'string' || (j.type === 1 && !isUrl(j.url)))) return 'jump_list.title is required';
  return undefined;
}

/** The checks of an app's button_interaction card (document 90236). */
function checkAppCard(c: FakeCard): string | undefined {
  if (c.card_type !== 'button_interaction') return 'the fake knows only button_interaction app cards';
  if (typeof c.task_id !== 'string' || !/^[A-Za-z0-9_@-]{1,128}$/.test(c.task_id)) return 'task_id must be 1-128 of digits, letters and _-@';
  if (typeof c.main_title?.title !== 'string') return 'main_title.title is required for button_interaction';
  const buttons = c.button_list ?? [];
  if (buttons.length < 1 || buttons.length > 6) return 'button_list must have 1 to 6 buttons';
  const keys = buttons.map((b) => b.key);
  if (buttons.some((b) => typeof b.text !== 'string' || typeof b.key !== 'string' || Buffer.byteLength(b.key) > 1024) || new Set(keys).size !== keys.length) return 'every button needs a text and a distinct key of at most 1024 bytes';
  return checkCardParts(c);
}
