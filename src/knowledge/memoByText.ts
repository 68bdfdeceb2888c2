/**
 * A bounded memo of a pure function of a text, for the readers built once per content
 * revision (homophone and typo correction of a run of Chinese characters): the same run comes
 * back in many questions ("需要满足什么条件", "怎么申请"), and its reading does not change until
 * the content does, when the reader and its memo are built anew.
 */

/**
 * `read` with its answers kept for the last `size` distinct texts, the least recently used
 * forgotten first. Answers are shared between calls: callers must not change them.
 *
 * @param read - a function whose answer depends only on the text
 * @param size - how many texts to keep
 */
export function memoByText<T>(read: (text: string) => T, size: number): (text: string) => T {
  const kept = new Map<string, T>();
  return (text) => {
    if (kept.has(text)) {
      const answer = kept.get(text) as T;
      // Most recently used last, so the oldest is the first to go.
      kept.delete(text);
      kept.set(text, answer);
      return answer;
    }
    const answer = read(text);
    if (kept.size >= size) kept.delete(kept.keys().next().value!);
    kept.set(text, answer);
    return answer;
  };
}
