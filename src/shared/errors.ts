/**
 * The few error classes talentbot throws on purpose. Callers decide by class: retry
 * `PlatformError` with a 5xx/429 status and `NetworkError`; report `HandlerError` with its
 * context; show `InputError` messages to whoever sent the bad input. Messages never contain
 * secrets.
 */

/** A platform (Telegram, WeCom, a partner endpoint, Redis) answered with an error. */
export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  /**
   * @param platform - which platform answered, e.g. "telegram"
   * @param method - the call that failed, e.g. "sendMessage"
   * @param code - the platform's status or error code
   * @param description - the platform's own description of the error
   * @param retryAfterSeconds - how long the platform asked us to wait, when it said so
   */
  constructor(
    readonly platform: string,
    readonly method: string,
    readonly code: number,
    readonly description: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${platform} ${method} failed with ${code}: ${description}`);
  }

  /** True when trying again later may succeed (5xx, 429). */
  get retryable(): boolean {
    return this.code === 429 || (this.code >= 500 && this.code < 600);
  }
}

/** A call to another system did not get an answer (connection refused, timeout, DNS). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  /**
   * @param target - what we tried to reach, without credentials
   * @param cause - the underlying error
   */
  constructor(
    readonly target: string,
    cause: unknown,
  ) {
    super(`could not reach ${target}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A conversation handler threw; carries who and which message it was handling. */
export class HandlerError extends Error {
  override readonly name = 'HandlerError';
  /**
   * @param context - the conversation the handler was working on
   * @param cause - what the handler threw
   */
  constructor(
    readonly context: { channel: string; userId: string; messageId: string },
    cause: unknown,
  ) {
    super(
      `handling ${context.channel} message ${context.messageId} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/**
 * Input we refuse: a bad request body, a broken content file, a bad environment variable.
 * `where` names the place at fault (a field, a file path and field, a variable name) and
 * the message says how to fix it.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  /**
   * @param where - the field, file or variable at fault
   * @param problem - what is wrong and, where possible, how to fix it
   * @param issues - further problems found in the same input, each with its place
   */
  constructor(
    readonly where: string,
    readonly problem: string,
    readonly issues: ReadonlyArray<{ where: string; problem: string }> = [{ where, problem }],
  ) {
    super(issues.length > 1 ? issues.map((i) => `${i.where}: ${i.problem}`).join('\n') : `${where}: ${problem}`);
  }
}
