/**
 * The platforms' published sending limits as budgets of the shared limiter
 * (`src/core/sendRateLimiter.ts`):
 *
 * - a WeCom group robot takes at most 20 messages a minute (more get errcode 45009):
 *   https://developer.work.weixin.qq.com/document/path/91770 ("每个机器人发送的消息不能超过20条/分钟");
 * - a Telegram bot should send about 30 messages a second in all, at most one a second to
 *   one chat, and at most 20 a minute to one group:
 *   https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this .
 */
import { createHash } from 'node:crypto';
import type { SendRateRule } from '../../core/sendRateLimiter.js';

/** Messages a minute one WeCom group robot accepts. */
export const WECOM_ROBOT_PER_MINUTE = 20;
/** Messages a second a Telegram bot sends in all. */
export const TELEGRAM_PER_SECOND = 30;
/** Messages a second to one Telegram chat. */
export const TELEGRAM_PER_CHAT_PER_SECOND = 1;
/** Messages a minute to one Telegram group. */
export const TELEGRAM_PER_GROUP_PER_MINUTE = 20;

/**
 * The budget of one group robot. The key is a secret, so the budget is named by a hash of it.
 *
 * @param robotKey - the robot's webhook key
 */
export function wecomRobotSendRules(robotKey: string): SendRateRule[] {
  const name = createHash('sha256').update(robotKey).digest('base64url').slice(0, 16);
  return [{ key: `wecom-robot:${name}`, limit: WECOM_ROBOT_PER_MINUTE, windowMs: 60_000 }];
}

/**
 * The budgets of one Telegram message: the chat's, a group's per minute (group and channel
 * ids are negative), then the bot's overall.
 *
 * @param chatId - where the message goes
 */
export function telegramSendRules(chatId: number | string): SendRateRule[] {
  const id = String(chatId);
  const rules: SendRateRule[] = [{ key: `telegram:chat:${id}`, limit: TELEGRAM_PER_CHAT_PER_SECOND, windowMs: 1_000 }];
  if (id.startsWith('-') || id.startsWith('@')) rules.push({ key: `telegram:group:${id}`, limit: TELEGRAM_PER_GROUP_PER_MINUTE, windowMs: 60_000 });
  rules.push({ key: 'telegram:all', limit: TELEGRAM_PER_SECOND, windowMs: 1_000 });
  return rules;
}
