/**
 * The client layer: typed access to Cloudflare's ACNS endpoints through the official SDK, with
 * pacing, retries and one error type.
 */
export { AcnsClient, createAcnsClient } from "./acns-client";
export { DEFAULT_TIMEOUT_MS } from "./client-options";
export { MIN_ZONES_PER_PAGE, ZONES_PER_PAGE } from "./zones";
export type { ZoneCustomNameserversState } from "./acns-client";
export type { AcnsClientOptions, Fetch } from "./client-options";
export { ClientEnv, DEFAULT_BASE_URL, resolveConnection, secretsOf } from "./config";
export type { Connection, ConnectionOptions, Credentials } from "./config";
export {
  CloudflareApiError,
  CloudflareClientError,
  hasCloudflareCode,
  hasHttpStatus,
  isCloudflareApiError,
  isCloudflareClientError,
  redactSecrets,
} from "./errors";
export type { CloudflareApiErrorFields, CloudflareApiErrorKind, CloudflareClientErrorReason } from "./errors";
export {
  DEFAULT_BURST,
  DEFAULT_REQUESTS_PER_SECOND,
  TokenBucketPacer,
  getSharedPacer,
  sleepWithTimer,
} from "./pacer";
export type { Clock, PacerOptions, Sleep } from "./pacer";
export {
  DEFAULT_RETRY_POLICY,
  assessFailure,
  computeBackoffMs,
  isRetryableStatus,
  parseRetryAfterSeconds,
  resolveRetryPolicy,
} from "./retry";
export type { FailureAssessment, RetryPolicy } from "./retry";
export { Transport } from "./transport";
export type { TransportOptions } from "./transport";
export { resolveEndpoint } from "./request-spec";
export type {
  ClientStats,
  HttpMethod,
  Reconciled,
  RequestEvent,
  RequestOutcome,
  RequestSpec,
  SdkCall,
} from "./request-spec";
export {
  listLiveZoneFacts,
  readAccountState,
  ReadInterruptedError,
  toObservedAccount,
} from "./account-state";
export {
  NAMESERVER_SETS_PER_PAGE,
  createNameserverSet,
  deleteNameserverSet,
  findCreatedNameserverSet,
  getNameserverSet,
  listNameserverSets,
} from "./nameserver-sets";
export type {
  CreateNameserverSetOptions,
  NameserverSetNameserverRequest,
  NameserverSetRef,
} from "./nameserver-sets";
export type {
  AccountState,
  AccountStateProgress,
  LiveZone,
  ReadAccountStateOptions,
  ReadInterruption,
  ZoneDetail,
} from "./account-state";
