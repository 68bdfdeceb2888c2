/**
 * Console accounts: admin (everything, including accounts, the audit log and applicants'
 * contact details), editor (content, inbox, leads without contact details, funnel) and
 * partner (its own leads only, in the partner portal; bound to one partner id of the
 * partners file). Accounts live in one versioned document of the state store
 * (`admin:users`), changed atomically.
 *
 * The first admin comes from ADMIN_USER / ADMIN_PASSWORD: {@link UserAccounts.bootstrap}
 * creates it, and on every start makes sure it is an enabled admin whose password is
 * ADMIN_PASSWORD — so an operator who lost every password sets a new ADMIN_PASSWORD and
 * restarts.
 */
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import type { StateStore } from '../../store/contract.js';
import { DEFAULT_SCRYPT_COST, hashPassword, verifyPassword } from './passwords.js';

/** The console roles. */
export const roleSchema = z.enum(['admin', 'editor', 'partner']);
/** A console role. */
export type Role = z.infer<typeof roleSchema>;
/** Staff roles: everything but the partner portal. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'editor'];

/** User names: 2–64 characters of letters, digits and . _ @ -, kept in lower case. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/, 'use 2–64 letters, digits and . _ @ - (starting with a letter or digit)');

const USERS_VERSION = 1;

/** One account. */
export const userRecordSchema = z.object({
  username: z.string(),
  role: roleSchema,
  /** The partner a partner account sees the leads of. */
  partnerId: z.string().optional(),
  passwordHash: z.string(),
  createdAt: z.number(),
  createdBy: z.string(),
  disabled: z.boolean().default(false),
  /** Bumped on every password change: sessions of an older generation end. */
  passwordGeneration: z.number().int().default(0),
});
/** One account. */
export type UserRecord = z.infer<typeof userRecordSchema>;

const usersDocumentSchema = z.object({ version: z.literal(USERS_VERSION), users: z.record(z.string(), userRecordSchema) });
type UsersDocument = z.infer<typeof usersDocumentSchema>;

const USERS_KEY = 'admin:users';

/** Reads and changes accounts. */
export interface UserAccounts {
  get(username: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  /**
   * Checks a login. Always takes the time of one hash check, also for unknown users, so
   * the answer's timing does not tell which user names exist.
   */
  authenticate(username: string, password: string): Promise<UserRecord | undefined>;
  /** Creates an account; false when the name is taken. */
  create(input: { username: string; role: Role; partnerId?: string; password: string; createdBy: string }): Promise<boolean>;
  setPassword(username: string, password: string): Promise<boolean>;
  setDisabled(username: string, disabled: boolean): Promise<boolean>;
  /** Makes sure the bootstrap admin exists, is an enabled admin and has this password. */
  bootstrap(username: string, password: string): Promise<void>;
}

function readDocument(value: unknown): UsersDocument {
  if (value === undefined) return { version: USERS_VERSION, users: {} };
  return usersDocumentSchema.parse(value);
}

/**
 * Creates the accounts store.
 *
 * @param state - the store's state part
 * @param clock - stamps new accounts
 * @param scryptCost - scrypt's N for new hashes; default {@link DEFAULT_SCRYPT_COST}
 */
export function createUserAccounts(state: StateStore, clock: Clock, scryptCost: number = DEFAULT_SCRYPT_COST): UserAccounts {
  let dummyHash: Promise<string> | undefined;
  const change = (fn: (doc: UsersDocument) => boolean) =>
    state.update<UsersDocument>(USERS_KEY, (current) => {
      const doc = structuredClone(readDocument(current));
      return fn(doc) ? { action: 'set', value: doc, result: true } : { action: 'keep', result: false };
    }) as Promise<boolean>;

  const accounts: UserAccounts = {
    async get(username) {
      return readDocument(await state.get(USERS_KEY)).users[username.trim().toLowerCase()];
    },
    async list() {
      return Object.values(readDocument(await state.get(USERS_KEY)).users).sort((a, b) => a.username.localeCompare(b.username));
    },
    async authenticate(username, password) {
      const user = await accounts.get(username);
      if (!user) {
        dummyHash ??= hashPassword('not a real password', scryptCost);
        await verifyPassword(password, await dummyHash);
        return undefined;
      }
      const ok = await verifyPassword(password, user.passwordHash);
      return ok && !user.disabled ? user : undefined;
    },
    async create(input) {
      const passwordHash = await hashPassword(input.password, scryptCost);
      const record: UserRecord = {
        username: input.username,
        role: input.role,
        ...(input.role === 'partner' && input.partnerId ? { partnerId: input.partnerId } : {}),
        passwordHash,
        createdAt: clock.now(),
        createdBy: input.createdBy,
        disabled: false,
        passwordGeneration: 0,
      };
      return change((doc) => {
        if (doc.users[input.username]) return false;
        doc.users[input.username] = record;
        return true;
      });
    },
    async setPassword(username, password) {
      const passwordHash = await hashPassword(password, scryptCost);
      return change((doc) => {
        const user = doc.users[username];
        if (!user) return false;
        doc.users[username] = { ...user, passwordHash, passwordGeneration: user.passwordGeneration + 1 };
        return true;
      });
    },
    async setDisabled(username, disabled) {
      return change((doc) => {
        const user = doc.users[username];
        if (!user) return false;
        doc.users[username] = { ...user, disabled };
        return true;
      });
    },
    async bootstrap(rawName, password) {
      const username = usernameSchema.parse(rawName);
      const existing = await accounts.get(username);
      const passwordOk = existing ? await verifyPassword(password, existing.passwordHash) : false;
      if (existing && passwordOk && existing.role === 'admin' && !existing.disabled) return;
      const passwordHash = passwordOk && existing ? existing.passwordHash : await hashPassword(password, scryptCost);
      await change((doc) => {
        const user = doc.users[username];
        doc.users[username] = user
          ? { ...user, role: 'admin', disabled: false, passwordHash, partnerId: undefined, passwordGeneration: user.passwordGeneration + (passwordOk ? 0 : 1) }
          : { username, role: 'admin', passwordHash, createdAt: clock.now(), createdBy: 'ADMIN_USER', disabled: false, passwordGeneration: 0 };
        return true;
      });
    },
  };
  return accounts;
}
