/**
 * `caught(promise)`: the CloudflareApiError a client call rejects with, for asserting its status,
 * codes and message; fails the test when the call succeeds or rejects with anything else.
 */
import { isCloudflareApiError, type CloudflareApiError } from "../../provider/client";

export async function caught(promise: Promise<unknown>): Promise<CloudflareApiError> {
  try {
    await promise;
  } catch (err) {
    if (isCloudflareApiError(err)) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}
