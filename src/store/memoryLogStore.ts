/**
 * The in-process {@link ConversationLogStore}: logged turns as JSON texts in append order.
 * Used by the in-process store; nothing survives a restart. Also the checks every store
 * makes the same way ({@link checkLogQuery}, {@link patchLoggedTurn}).
 */
import type { ConversationLogStore, LoggedTurn, LogQuery } from './contract.js';

/** The fields a patch cannot change: the ones the stores index. */
const INDEXED_FIELDS = ['id', 'conversation', 'at', 'channel'] as const;

/**
 * Checks a query and a turn the same way in every store.
 *
 * @throws TypeError when `limit` is not a whole number ≥ 1
 */
export function checkLogQuery(query: LogQuery): void {
  if (!Number.isInteger(query.limit) || query.limit < 1) throw new TypeError(`logs.query: limit must be a whole number ≥ 1, not ${query.limit}`);
}

/**
 * The JSON text of a turn.
 *
 * @throws TypeError when the turn is not JSON or its indexed fields are mistyped
 */
export function loggedTurnAsJson(turn: LoggedTurn): string {
  if (typeof turn.id !== 'string' || typeof turn.conversation !== 'string' || typeof turn.channel !== 'string' || !Number.isFinite(turn.at)) {
    throw new TypeError('logs.append: id, conversation and channel must be strings and at a number');
  }
  const json = JSON.stringify(turn);
  if (json === undefined) throw new TypeError(`logged turn ${turn.id} is not JSON`);
  return json;
}

/** `stored` with `fields` merged in, its indexed fields kept. */
export function patchLoggedTurn(stored: LoggedTurn, fields: Readonly<Record<string, unknown>>): LoggedTurn {
  const merged: LoggedTurn = { ...stored, ...(JSON.parse(JSON.stringify(fields)) as Record<string, unknown>) };
  for (const field of INDEXED_FIELDS) (merged as Record<string, unknown>)[field] = stored[field];
  return merged;
}

/** True when `turn` matches the query's filters (all but `after` and `limit`). */
export function matchesLogQuery(turn: LoggedTurn, query: LogQuery): boolean {
  return (
    (query.conversation === undefined || turn.conversation === query.conversation) &&
    (query.channel === undefined || turn.channel === query.channel) &&
    (query.from === undefined || turn.at >= query.from) &&
    (query.to === undefined || turn.at < query.to)
  );
}

/** Creates an in-process conversation log store. */
export function createMemoryLogStore(): ConversationLogStore {
  /** In append order; a patch replaces the text in place. */
  let turns: Array<{ id: string; json: string; turn: LoggedTurn }> = [];
  const read = (json: string) => JSON.parse(json) as LoggedTurn;
  /** Newest first; same time: the last appended first. */
  const ordered = () => turns.map((t, seq) => ({ ...t, seq })).sort((a, b) => b.turn.at - a.turn.at || b.seq - a.seq);
  return {
    async append(turn) {
      const json = loggedTurnAsJson(turn);
      if (turns.some((t) => t.id === turn.id)) return false;
      turns.push({ id: turn.id, json, turn: read(json) });
      return true;
    },
    async patch(id, fields) {
      const slot = turns.find((t) => t.id === id);
      if (!slot) return false;
      const json = loggedTurnAsJson(patchLoggedTurn(read(slot.json), fields));
      Object.assign(slot, { json, turn: read(json) });
      return true;
    },
    async query(query) {
      checkLogQuery(query);
      let list = ordered();
      if (query.after !== undefined) {
        const at = list.findIndex((t) => t.id === query.after);
        list = at < 0 ? [] : list.slice(at + 1);
      }
      return list
        .filter((t) => matchesLogQuery(t.turn, query))
        .slice(0, query.limit)
        .map((t) => read(t.json));
    },
    async deleteConversation(conversation) {
      const before = turns.length;
      turns = turns.filter((t) => t.turn.conversation !== conversation);
      return before - turns.length;
    },
    async purge(before) {
      const count = turns.length;
      turns = turns.filter((t) => t.turn.at >= before);
      return count - turns.length;
    },
  };
}
