/**
 * The unit index's per-search buffers, reused from one search to the next: each unit's
 * score sum, the query terms it matched (a bit mask) and the order units were first matched
 * in; and from them the matched entries' figures (`EntryMatches`), gathered into typed
 * arrays without an object per entry, so a search matching thousands of entries allocates
 * next to nothing.
 */

/**
 * The entries some unit of which matched one search, in no particular order, as parallel
 * arrays (the `i`-th entry is `entry[i]`). Valid until the index's next search, which reuses
 * the arrays.
 */
export interface EntryMatches {
  /** How many entries matched. */
  readonly count: number;
  /** Index of each entry. */
  readonly entry: Int32Array;
  /** Score of its best unit. */
  readonly best: Float64Array;
  /** Score of its second best unit (0 without one). */
  readonly second: Float64Array;
  /** Where its best unit came in the order units were first matched: orders entries of equal `best`. */
  readonly firstSeen: Int32Array;
  /** The sum of the weights of the query terms its units matched, added in the order of `matchedOf`. */
  readonly covered: Float64Array;
  /** The query terms the `i`-th entry's units matched, best unit first, each unit's in query order. */
  matchedOf(i: number): string[];
  /** The query terms any unit matched, in query order. */
  readonly matchedTerms: string[];
}

/** How units belong to entries: an entry's units are consecutive, `firstUnit[e]`…`lastUnit[e]`. */
export interface UnitLayout {
  entryOf: Int32Array;
  firstUnit: Int32Array;
  lastUnit: Int32Array;
}

/** The buffers of one index (see the module comment). */
export interface SearchScratch {
  /** Forgets the last search. */
  reset(): void;
  /** Makes room for masks of `needed` 32-bit words per unit (one per 32 distinct query terms). */
  ensureMasks(needed: number): void;
  /** Adds `weight × boost[u] × raw[i]` to each unit `u = units[i]` of a posting list and marks the term (`bit`) matched in it. */
  add(units: Int32Array, raw: Float64Array, weight: number, boost: Float64Array, bit: number): void;
  /** Starts a term whose scores are summed per unit before they are added (fuzzy and prefix matches). */
  beginTerm(): void;
  /** Adds `weight × boost[u] × raw[i]` to the current term's sum of each unit `u = units[i]` of a posting list. */
  addToTerm(units: Int32Array, raw: Float64Array, weight: number, boost: Float64Array): void;
  /** Adds the current term's sums to their units and marks the term (`bit`) matched. */
  endTerm(bit: number): void;
  /** The matched entries, read once the search's terms are all added. */
  entries(distinct: readonly string[], weights: readonly number[]): EntryMatches;
}

/**
 * Makes the buffers of an index.
 *
 * @param size - how many units the index has
 * @param layout - which units belong to which entry
 */
export function createSearchScratch(size: number, layout: UnitLayout): SearchScratch {
  const { entryOf, firstUnit, lastUnit } = layout;
  const entryCount = firstUnit.length;
  let widest = 1;
  for (let e = 0; e < entryCount; e++) widest = Math.max(widest, lastUnit[e]! - firstUnit[e]! + 1);
  const entryStamp = new Int32Array(entryCount);
  let searches = 0;
  const sum = new Float64Array(size);
  const termSum = new Float64Array(size);
  const seen = new Int32Array(size).fill(-1);
  const touched = new Int32Array(size);
  const termTouched = new Int32Array(size);
  const termSeen = new Uint8Array(size);
  let masks = new Uint32Array(size);
  let blocks = 1;
  let has = new Uint32Array(1);
  let count = 0;
  let termCount = 0;
  // The query terms (bits) some unit matched.
  const matchedBits = new Set<number>();
  // One entry's matched units, best first, and their scores.
  const order = new Int32Array(widest);
  const orderScore = new Float64Array(widest);
  // The figures of the matched entries.
  const out = {
    entry: new Int32Array(entryCount),
    best: new Float64Array(entryCount),
    second: new Float64Array(entryCount),
    firstSeen: new Int32Array(entryCount),
    covered: new Float64Array(entryCount),
  };

  const mark = (u: number, bit: number) => {
    if (seen[u] === -1) {
      seen[u] = count;
      touched[count++] = u;
    }
    masks[u * blocks + (bit >>> 5)]! |= 1 << (bit & 31);
  };
  const scoreOf = (u: number) => {
    // A unit's score is multiplied by how many query terms it matched.
    if (blocks === 1) return sum[u]! * popCount32(masks[u]!);
    let n = 0;
    for (let b = 0; b < blocks; b++) n += popCount32(masks[u * blocks + b]!);
    return sum[u]! * n;
  };
  /** Puts entry `e`'s matched units in `order`, best first, equal scores in the order they were met; returns how many. */
  const orderUnits = (e: number) => {
    let k = 0;
    const last = lastUnit[e]!;
    for (let u = firstUnit[e]!; u <= last; u++) {
      const seq = seen[u]!;
      if (seq < 0) continue;
      const score = scoreOf(u);
      let at = k++;
      while (at > 0 && (orderScore[at - 1]! < score || (orderScore[at - 1] === score && seen[order[at - 1]!]! > seq))) {
        order[at] = order[at - 1]!;
        orderScore[at] = orderScore[at - 1]!;
        at--;
      }
      order[at] = u;
      orderScore[at] = score;
    }
    return k;
  };
  /** Calls `use` with each query term (bit) the first `k` units of `order` matched, best unit first, each unit's in query order. */
  const eachMatched = (k: number, use: (bit: number) => void) => {
    has.fill(0);
    for (let j = 0; j < k; j++) {
      const at = order[j]! * blocks;
      for (let b = 0; b < blocks; b++) {
        let m = masks[at + b]! & ~has[b]!;
        has[b]! |= m;
        while (m !== 0) {
          const low = m & -m;
          use(b * 32 + 31 - Math.clz32(low));
          m ^= low;
        }
      }
    }
  };

  return {
    reset() {
      searches++;
      for (let i = 0; i < count; i++) {
        const u = touched[i]!;
        sum[u] = 0;
        seen[u] = -1;
        if (blocks === 1) masks[u] = 0;
        else masks.fill(0, u * blocks, u * blocks + blocks);
      }
      count = 0;
      matchedBits.clear();
    },
    ensureMasks(needed) {
      if (needed !== blocks) {
        blocks = needed;
        masks = new Uint32Array(size * blocks);
        has = new Uint32Array(blocks);
      }
    },
    add(units, raw, weight, boost, bit) {
      if (units.length > 0) matchedBits.add(bit);
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      for (let i = 0; i < units.length; i++) {
        const u = units[i]!;
        if (seen[u] === -1) {
          seen[u] = count;
          touched[count++] = u;
        }
        masks[u * blocks + word]! |= flag;
        sum[u] = sum[u]! + weight * boost[u]! * raw[i]!;
      }
    },
    beginTerm() {
      termCount = 0;
    },
    addToTerm(units, raw, weight, boost) {
      for (let i = 0; i < units.length; i++) {
        const u = units[i]!;
        const score = weight * boost[u]! * raw[i]!;
        if (!termSeen[u]) {
          termSeen[u] = 1;
          termTouched[termCount++] = u;
          termSum[u] = score;
        } else termSum[u] = termSum[u]! + score;
      }
    },
    endTerm(bit) {
      if (termCount > 0) matchedBits.add(bit);
      for (let i = 0; i < termCount; i++) {
        const u = termTouched[i]!;
        mark(u, bit);
        sum[u] = sum[u]! + termSum[u]!;
        termSeen[u] = 0;
      }
    },
    entries(distinct, weights) {
      let n = 0;
      let covered = 0;
      const addWeight = (bit: number) => {
        covered += weights[bit]!;
      };
      for (let i = 0; i < count; i++) {
        const u = touched[i]!;
        const e = entryOf[u]!;
        // An entry is read once, when the first of its units is met.
        if (entryStamp[e] === searches) continue;
        entryStamp[e] = searches;
        const k = orderUnits(e);
        covered = 0;
        if (blocks === 1) {
          // Up to 32 query terms (the common case): the same sum as eachMatched's, without a call per term.
          let had = 0;
          for (let j = 0; j < k; j++) {
            let m = masks[order[j]!]! & ~had;
            had |= m;
            while (m !== 0) {
              const low = m & -m;
              covered += weights[31 - Math.clz32(low)]!;
              m ^= low;
            }
          }
        } else eachMatched(k, addWeight);
        out.entry[n] = e;
        out.best[n] = orderScore[0]!;
        out.second[n] = k > 1 ? orderScore[1]! : 0;
        out.firstSeen[n] = seen[order[0]!]!;
        out.covered[n] = covered;
        n++;
      }
      const search = searches;
      return {
        ...out,
        count: n,
        matchedOf(i) {
          if (search !== searches) throw new Error('matchedOf after the next search');
          const matched: string[] = [];
          eachMatched(orderUnits(out.entry[i]!), (bit) => matched.push(distinct[bit]!));
          return matched;
        },
        matchedTerms: distinct.filter((_, bit) => matchedBits.has(bit)),
      };
    },
  };
}

/** How many bits are set in a 32-bit word. */
function popCount32(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
