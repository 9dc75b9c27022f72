/**
 * Concurrency and Ctrl-C for reads of many zones: run work a few at a time, and stop waiting when
 * the run is interrupted (an `AbortSignal`).
 */

/**
 * Runs `work` over `items` with at most `limit` at once. After the first failure no new item
 * starts; the calls under way are awaited (so no request outlives the read), then the first
 * failure is thrown. Once `signal` aborts, no new item starts either and it returns at once,
 * without awaiting the calls under way (their failures are dropped).
 */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && signal?.aborted !== true && next < items.length) {
      const item = items[next];
      next++;
      if (item === undefined) continue;
      try {
        await work(item);
      } catch (error: unknown) {
        failure ??= { error };
      }
    }
  };
  const all = Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  // `all` never rejects (each worker keeps its failure), so only the interrupt is caught here.
  await unlessInterrupted(
    signal,
    () => all,
    () => new Error("interrupted"),
  ).catch(() => undefined);
  if (signal?.aborted === true) return;
  if (failure !== undefined) throw failure.error;
}

/**
 * `work()` unless `signal` is aborted; stops waiting for it when `signal` aborts meanwhile. Either
 * way it rejects with `interrupted()`, and a late failure of `work` is dropped.
 */
export function unlessInterrupted<T>(
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
  interrupted: () => Error,
): Promise<T> {
  if (signal === undefined) return work();
  if (signal.aborted) return Promise.reject(interrupted());
  const pending = work();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      pending.catch(() => undefined);
      reject(interrupted());
    };
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
