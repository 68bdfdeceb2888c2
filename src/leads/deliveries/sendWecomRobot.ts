/**
 * Delivery to a WeCom group robot (群机器人): a markdown message or a template card
 * (`template_card`, the lead as a `text_notice` card that opens its signed page) through
 * `POST /cgi-bin/webhook/send?key=…`. See
 * https://developer.work.weixin.qq.com/document/path/91770 .
 */
import { PlatformError } from '../../shared/errors.js';
import type { RobotLeadCard } from './formatLeadCard.js';
import { postJson, summariseAnswer, type FetchFunction } from './postJson.js';
import { truncateUtf8 } from './truncateUtf8.js';

/** WeCom's limit for robot markdown content, in UTF-8 bytes. */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;
/** WeCom's errcode for "too many messages" (a robot takes 20 a minute). */
export const WECOM_RATE_LIMITED = 45009;
/** WeCom's errcode for a robot that was removed from its group, or a wrong key: the webhook is gone. */
export const WECOM_ROBOT_GONE = 93000;
/** The least wait after a 45009, in seconds: the robot's limit counts per minute. */
export const WECOM_RATE_LIMIT_WAIT_SECONDS = 60;
/** WeCom's API host. */
export const DEFAULT_WECOM_API_BASE = 'https://qyapi.weixin.qq.com';

/** What a robot delivery needs. */
export interface SendWecomRobotDependencies {
  fetch: FetchFunction;
  /** Another WeCom API host (`WECOM_API_BASE`); default {@link DEFAULT_WECOM_API_BASE}. */
  apiBase?: string;
  /** Time limit of the attempt in milliseconds. */
  timeoutMs: number;
}

/** One robot message: markdown `content`, or a template `card`. `key` is the robot's key (never logged). */
export type WecomRobotMessage = { key: string; content: string } | { key: string; card: RobotLeadCard };

/**
 * Posts a markdown message (shortened to 4,096 bytes at a line boundary) or a template card
 * to a group robot.
 *
 * @param message - see {@link WecomRobotMessage}
 * @param deps - see {@link SendWecomRobotDependencies}
 * @throws PlatformError with the HTTP status, or with WeCom's `errcode` when it is not 0;
 *   a 45009 (rate limit) carries a wait of {@link WECOM_RATE_LIMIT_WAIT_SECONDS} as `retryAfterSeconds`
 * @throws NetworkError when WeCom did not answer in time
 */
export async function sendWecomRobot(message: WecomRobotMessage, deps: SendWecomRobotDependencies): Promise<void> {
  const base = (deps.apiBase ?? DEFAULT_WECOM_API_BASE).replace(/\/+$/, '');
  const body = JSON.stringify(
    'card' in message
      ? { msgtype: 'template_card', template_card: message.card }
      : { msgtype: 'markdown', markdown: { content: truncateUtf8(message.content, WECOM_MARKDOWN_MAX_BYTES) } },
  );
  const response = await postJson(deps.fetch, {
    url: `${base}/cgi-bin/webhook/send?key=${encodeURIComponent(message.key)}`,
    body,
    timeoutMs: deps.timeoutMs,
    target: `${base}/cgi-bin/webhook/send`,
  });
  if (response.status < 200 || response.status >= 300) {
    throw new PlatformError('wecom', 'webhook/send', response.status, summariseAnswer(response.text));
  }
  let answer: { errcode?: unknown; errmsg?: unknown };
  try {
    answer = JSON.parse(response.text) as typeof answer;
  } catch {
    throw new PlatformError('wecom', 'webhook/send', response.status, `answer is not JSON: ${summariseAnswer(response.text)}`);
  }
  if (answer.errcode === 0) return;
  const code = typeof answer.errcode === 'number' ? answer.errcode : -1;
  const description = typeof answer.errmsg === 'string' ? summariseAnswer(answer.errmsg) : 'no errcode in the answer';
  throw new PlatformError('wecom', 'webhook/send', code, description, code === WECOM_RATE_LIMITED ? WECOM_RATE_LIMIT_WAIT_SECONDS : undefined);
}
