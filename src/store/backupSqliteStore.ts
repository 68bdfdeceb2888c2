/**
 * A consistent online backup of the embedded store: SQLite's backup API (through
 * better-sqlite3) copies the database page by page while the bot keeps running, and the
 * copy is a complete database as of one moment — including what is still in the
 * write-ahead log. See https://www.sqlite.org/backup.html
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../shared/errors.js';

/**
 * Copies the store file `file` to `destination` (a new file; its folder is created).
 *
 * @param file - the store's file (`<DATA_DIR>/talentbot.sqlite`)
 * @param destination - where the copy goes; must not exist yet
 * @returns the number of pages copied
 * @throws InputError when `file` does not exist or `destination` already does
 */
export async function backupSqliteStore(file: string, destination: string): Promise<number> {
  if (!existsSync(file)) throw new InputError('DATA_DIR', `there is no store file at ${file}; set DATA_DIR to the folder of the running bot's talentbot.sqlite`);
  if (existsSync(destination)) throw new InputError('destination', `${destination} exists already; name a new file`);
  mkdirSync(dirname(destination), { recursive: true });
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = await db.backup(destination);
    return result.totalPages;
  } finally {
    db.close();
  }
}
