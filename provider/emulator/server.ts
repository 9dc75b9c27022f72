/**
 * The HTTP side of the emulator (node:http only): reads the request, applies fault rules,
 * authenticates, counts against the user's rate limit (and says so in `Ratelimit` headers on the
 * answer), dispatches to the route table and writes the v4 envelope. Everything it decides is recorded in the store's request log.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdmin } from "./admin";
import {
  ApiError,
  createApiError,
  createApiErrorFromProblems,
  ErrorCodes,
  type ApiErrorItem,
} from "./errors";
import type { Fault } from "./faults";
import { formatRateLimitHeaders } from "./rate-limit";
import { matchRoute, type RouteAnswer } from "./router";
import { SeedError } from "./seed";
import type { RequestLogEntry } from "./request-log";
import type { Principal } from "./credentials";
import type { EmulatorStore } from "./store";

export const API_PREFIX = "/client/v4";
export const ADMIN_PREFIX = "/__admin";
const MAX_BODY_BYTES = 1024 * 1024;

/** One request and its answer, as the `onExchange` hook sees them (bodies parsed; secrets never included). */
export interface Exchange extends Pick<RequestLogEntry, "method" | "path" | "route" | "status"> {
  requestBody: unknown;
  /** The parsed answer; undefined when none was written. */
  responseBody: unknown;
  responseHeaders: Record<string, string>;
  /** True when a fault rule answered with a body of its own (which need not be an envelope). */
  injectedBody: boolean;
}

export interface ServerOptions {
  store: EmulatorStore;
  onExchange?: (exchange: Exchange) => void;
}

interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

function createFailureBody(errors: ApiErrorItem[]): Record<string, unknown> {
  return { success: false, errors, messages: [], result: null };
}

function replyWithError(err: ApiError, headers: Record<string, string> = {}): Reply {
  return { status: err.status, body: createFailureBody(err.errors), headers: { ...headers, ...err.headers } };
}

/** A handler's answer, or the failure envelope of what it threw; `headers` go on either. */
function runHandler(handle: () => RouteAnswer, headers: Record<string, string> = {}): Reply {
  try {
    const answer = handle();
    return { status: answer.status ?? 200, body: answer.body, headers };
  } catch (err) {
    return replyWithError(toApiError(err), headers);
  }
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof SeedError) {
    return createApiErrorFromProblems(err.problems.map((message) => ({ error: "INVALID_BODY", message })));
  }
  return createApiError("INTERNAL_ERROR", `emulator error: ${(err as Error)?.message ?? String(err)}`);
}

function createRouteNotFound(method: string, url: URL): ApiError {
  return createApiError("ROUTE_NOT_FOUND", `No route for the URI: ${method} ${url.pathname}`);
}

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Parses a JSON body; undefined for an empty one, ApiError 6007 for malformed JSON. */
function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw createApiError("MALFORMED_JSON");
  }
}

function readHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Who is calling. A bearer token wins over an email + key pair when both are sent (the SDK sends
 * every credential it was given).
 */
function authenticate(store: EmulatorStore, req: IncomingMessage): Principal {
  const authorization = readHeader(req, "authorization");
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+) *$/.exec(authorization);
    if (match === null) {
      throw new ApiError(ErrorCodes.INVALID_REQUEST_HEADERS.status, [
        {
          code: ErrorCodes.INVALID_REQUEST_HEADERS.code,
          message: "Invalid request headers",
          error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
        },
      ]);
    }
    const principal = store.credentials.findTokenPrincipal(match[1] ?? "");
    if (principal === undefined) throw createApiError("INVALID_TOKEN");
    return principal;
  }
  const email = readHeader(req, "x-auth-email");
  const key = readHeader(req, "x-auth-key");
  if (email !== undefined && key !== undefined && email !== "" && key !== "") {
    const principal = store.credentials.findApiKeyPrincipal(email, key);
    if (principal === undefined)
      throw createApiError("UNKNOWN_API_KEY", "Unknown X-Auth-Key or X-Auth-Email");
    return principal;
  }
  throw createApiError("MISSING_CREDENTIALS", "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
}

/** Runs an API request after fault handling: route, auth, rate limit, body, handler. */
function processApiRequest(
  store: EmulatorStore,
  req: IncomingMessage,
  method: string,
  url: URL,
  path: string,
  raw: Buffer,
  entry: RequestLogEntry,
): Reply {
  const match = matchRoute(method, path);
  let principal: Principal;
  try {
    principal = authenticate(store, req);
  } catch (err) {
    // No user, so nothing to count and no Ratelimit headers; an unknown route stays a 404.
    return replyWithError(match === undefined ? createRouteNotFound(method, url) : toApiError(err));
  }
  entry.principal = principal.label;
  if (principal.user !== undefined) entry.user = principal.user;
  // Every call of a known user counts, whatever its answer, and every answer says where the
  // user's budget stands (docs/decisions/011).
  const decision = store.rateLimiter.take(principal.bucket);
  const headers = formatRateLimitHeaders(decision);
  if (!decision.allowed) return replyWithError(createApiError("RATE_LIMITED"), headers);
  if (match === undefined) return replyWithError(createRouteNotFound(method, url), headers);
  return runHandler(() => {
    if (match.route.writes && principal.readOnly) throw createApiError("AUTHENTICATION_ERROR");
    const body = method === "GET" ? undefined : parseJsonBody(raw);
    const handle = (): RouteAnswer =>
      match.route.handle({ store, principal, params: match.params, query: url.searchParams, body, path });
    // Each change a write makes goes on the timeline as caused by this call.
    return match.route.writes ? store.recordWritesAs({ source: "http", method, path }, handle) : handle();
  }, headers);
}

function describeFaultReply(fault: Fault, method: string, path: string): Reply {
  if (fault.action.kind !== "fail") throw new Error("not a failing fault");
  const { status, errors, body, headers } = fault.action;
  const defaultErrors: ApiErrorItem[] = [
    {
      code: ErrorCodes.INJECTED_FAULT.code,
      message: `injected fault ${fault.id}: HTTP ${status} for ${method} ${API_PREFIX}${path} (matching request ${fault.matched})`,
    },
  ];
  return {
    status,
    body: body !== undefined ? body : createFailureBody(errors ?? defaultErrors),
    headers: headers ?? {},
  };
}

function writeReply(res: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}

function parseForExchange(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    return raw.toString("utf8");
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function handleRequest(
  options: ServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { store } = options;
  const method = (req.method ?? "GET").toUpperCase();
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    writeReply(
      res,
      replyWithError(createApiError("PAYLOAD_TOO_LARGE", `request body over ${MAX_BODY_BYTES} bytes`)),
    );
    return;
  }

  if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
    const adminPath = url.pathname.slice(ADMIN_PREFIX.length);
    writeReply(
      res,
      runHandler(() => handleAdmin(store, method, adminPath, parseJsonBody(raw), url.searchParams)),
    );
    return;
  }

  if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) {
    writeReply(res, replyWithError(createRouteNotFound(method, url)));
    return;
  }

  const path = url.pathname.slice(API_PREFIX.length) || "/";
  const match = matchRoute(method, path);
  const route = match === undefined ? null : `${method} ${match.route.template}`;
  const entry = store.requestLog.record({ method, path, route, status: null, outcome: "answered" });
  const report = (
    status: number | null,
    responseBody: unknown,
    responseHeaders: Record<string, string>,
    injectedBody = false,
  ): void => {
    options.onExchange?.({
      method,
      path,
      route,
      status,
      requestBody: parseForExchange(raw),
      responseBody,
      responseHeaders,
      injectedBody,
    });
  };

  const fault = store.faults.take(method, path);
  if (fault !== undefined) entry.fault = fault.id;
  if (fault?.action.kind === "latency") await wait(fault.action.ms);
  /** Loses the connection without an answer, when a drop fault fires at `when`. */
  const dropped = (when: "before-commit" | "after-commit"): boolean => {
    if (fault?.action.kind !== "drop" || fault.action.when !== when) return false;
    entry.outcome = `dropped-${when}`;
    report(null, undefined, {});
    req.socket.destroy();
    return true;
  };
  if (dropped("before-commit")) return;
  if (fault?.action.kind === "fail") {
    const reply = describeFaultReply(fault, method, path);
    entry.status = reply.status;
    report(reply.status, reply.body, reply.headers, fault.action.body !== undefined);
    writeReply(res, reply);
    return;
  }

  const reply = processApiRequest(store, req, method, url, path, raw, entry);
  if (dropped("after-commit")) return;
  entry.status = reply.status;
  report(reply.status, reply.body, reply.headers);
  writeReply(res, reply);
}

/** Starts the HTTP server; resolves once it listens. */
export function listen(
  options: ServerOptions,
  port: number,
  host: string,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    handleRequest(options, req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      writeReply(res, replyWithError(toApiError(err)));
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
