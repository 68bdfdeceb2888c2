/**
 * `npm run chat`: a terminal conversation with the same engine the channels use.
 * Buttons are shown numbered; type the number to press one.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { systemClock } from '../shared/clock.js';
import type { Button, Reply } from '../core/messages.js';
import { localeView } from '../i18n/locales.js';
import { createLocalEngine } from './createLocalEngine.js';

function printReply(reply: Reply): void {
  console.log(`\n${reply.text}`);
  for (const source of reply.sources) {
    console.log(`  ${localeView(reply.language, 'channels').t('sourceLine.plainText', { title: source.title, publisher: source.publisher, asOf: source.asOf })}`);
  }
  reply.buttons.forEach((b, i) => console.log(`  [${i + 1}] ${b.label}`));
}

async function main(): Promise<void> {
  const engine = await createLocalEngine(systemClock);
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  const userId = 'cli';
  let buttons: Button[] = [];
  const send = async (message: { text: string } | { action: string }) => {
    const replies = await engine.handle({ channel: 'cli', userId, messageId: randomUUID(), deduplicate: false, ...message });
    replies.forEach(printReply);
    buttons = replies.flatMap((r) => r.buttons);
  };
  await send({ action: 'menu' });
  terminal.on('close', () => process.exit(0));
  for (;;) {
    const line = (await terminal.question('\n> ')).trim();
    if (line === '/quit' || line === '/exit') break;
    const pressed = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
    await send(pressed ? { action: pressed.action } : { text: line });
  }
  terminal.close();
}

void main();
