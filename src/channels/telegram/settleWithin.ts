/**
 * Waits for `task` at most `ms` milliseconds; true when it finished (either way) in time.
 * An absent task counts as finished.
 *
 * @param task - what to wait for; its rejection is swallowed
 * @param ms - the longest wait, in milliseconds
 */
export async function settleWithin(task: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  if (!task) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([task.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
