/**
 * The logging the core needs: a pino logger fits it, and tests pass {@link silentLogger}.
 */

/** Structured logging: an object of fields, then a message. */
export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
