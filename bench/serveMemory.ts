/**
 * Serves the bot with the in-process store ({@link buildMemoryBot}) on PORT, for the load
 * benchmark's "what does the store cost" row. Not a way to run talentbot.
 */
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.js';
import { buildMemoryBot } from './buildMemoryBot.js';

const config = loadConfig(process.env);
const app = await buildMemoryBot(config, pino({ level: config.logLevel }));
await app.http.listen({ port: config.port, host: config.host });
process.once('SIGTERM', () => void app.http.close().then(() => process.exit(0)));
