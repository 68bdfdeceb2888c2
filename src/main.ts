/**
 * Starts talentbot from environment variables (see `.env.example`) and stops it gracefully
 * on SIGTERM and SIGINT.
 */
import { pino } from 'pino';
import { loadConfig } from './config/config.js';
import { systemClock } from './shared/clock.js';
import { InputError } from './shared/errors.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.logLevel });
  // Imported here, not at the top: importing it loads and checks the locale files
  // (src/i18n/locales.ts), and a mismatch there must stop the start with one line below.
  const { startServer } = await import('./startServer.js');
  const server = await startServer(config, process.env, systemClock, logger);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (!(error instanceof InputError)) console.error(error);
  else console.error(error.issues.length > 1 ? `talentbot cannot start:\n${error.message}` : `talentbot cannot start: ${error.message}`);
  process.exit(1);
});
