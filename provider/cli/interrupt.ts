/**
 * Ctrl-C during a long account read. The first SIGINT stops the read: no request is sent after it,
 * requests in flight are cut off, and the command prints what it read so far, marked partial, with
 * `INTERRUPTED_EXIT_CODE`. A second SIGINT ends the process at once ({@link processInterrupts}).
 */
import type { Fetch } from "../client/client-options";

/** Subscribes `listener` to Ctrl-C; returns the unsubscribe. */
export type InterruptSource = (listener: () => void) => () => void;

/**
 * The process's SIGINT: the first calls `listener`; the second removes the handler and sends
 * SIGINT again, so the process dies of it at once (status 130 in a shell), whatever is pending.
 */
export const processInterrupts: InterruptSource = (listener) => {
  let count = 0;
  const handler = (): void => {
    count++;
    if (count === 1) {
      listener();
      return;
    }
    process.off("SIGINT", handler);
    process.kill(process.pid, "SIGINT");
  };
  process.on("SIGINT", handler);
  return () => {
    process.off("SIGINT", handler);
  };
};

/**
 * What a request gets once the run is interrupted, instead of going out: a refusal the client does
 * not retry (HTTP 400 in Cloudflare's failure envelope), so nothing waits or loops on it. No server
 * sent it and no one reads it: the read that asked has already stopped waiting.
 */
function interruptedResponse(): Response {
  const body = {
    success: false,
    errors: [{ code: 0, message: "not sent: the run was interrupted (Ctrl-C)" }],
    messages: [],
    result: null,
  };
  return new Response(JSON.stringify(body), {
    status: 400,
    headers: { "content-type": "application/json" },
  });
}

/**
 * `base` until `signal` aborts; then every request not yet sent is answered by
 * {@link interruptedResponse} without touching the network, and every request in flight is
 * aborted and answered the same way at once.
 */
export function createInterruptibleFetch(signal: AbortSignal, base: Fetch = fetch): Fetch {
  return (input, init) => {
    if (signal.aborted) return Promise.resolve(interruptedResponse());
    const signals = init?.signal == null ? [signal] : [init.signal, signal];
    return new Promise<Response>((resolve, reject) => {
      const onAbort = (): void => resolve(interruptedResponse());
      signal.addEventListener("abort", onAbort, { once: true });
      base(input, { ...init, signal: AbortSignal.any(signals) })
        .then(resolve, reject)
        .finally(() => signal.removeEventListener("abort", onAbort));
    });
  };
}
