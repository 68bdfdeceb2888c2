/**
 * `npm run backup [-- <destination file>]`: a consistent online backup of the embedded
 * SQLite store while the bot runs (default destination
 * `<DATA_DIR>/backups/talentbot-<UTC time>.sqlite`). With REDIS_URL set there is no file to
 * copy: back up Redis itself (RDB snapshot or AOF; README, Backups). Restore steps are in the README.
 */
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { InputError } from '../shared/errors.js';
import { SQLITE_FILE_NAME } from '../startServer.js';
import { backupSqliteStore } from '../store/backupSqliteStore.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.redisUrl) {
    console.error('REDIS_URL is set: the store is Redis, which this command does not copy. Back it up with Redis itself (BGSAVE and copy dump.rdb, or the AOF folder); see README, Backups.');
    process.exit(1);
  }
  const file = path.join(config.dataDir, SQLITE_FILE_NAME);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const destination = path.resolve(process.argv[2] ?? path.join(config.dataDir, 'backups', `talentbot-${stamp}.sqlite`));
  const pages = await backupSqliteStore(file, destination);
  console.log(`backed up ${file} to ${destination} (${pages} pages)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof InputError ? `backup failed: ${error.message}` : error);
  process.exit(1);
});
