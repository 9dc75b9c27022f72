/**
 * `useEmulator()`: starts an in-process emulator for a test file (beforeAll/afterAll), puts it back
 * to its seed before each test, and after each test checks that every answer it gave validates
 * against Cloudflare's spec bundle (test/fixtures/cloudflare-acns-openapi.json): successes against
 * the operation's 200 schema, failures against `extras.failure_envelope`, and accepted request
 * bodies against the operation's request schema (so the emulator is never laxer than the spec).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import Cloudflare from "cloudflare";
import { z } from "zod";
import { Account, ResultInfo, Zone } from "../../provider/core/cloudflare";
import { TOKEN } from "../emulator/fixtures";
import {
  startEmulator,
  type EmulatorOptions,
  type Exchange,
  type RunningEmulator,
} from "../../provider/emulator";

const SPEC_PATH = join(__dirname, "..", "fixtures", "cloudflare-acns-openapi.json");

interface SpecOperation {
  requestBody: object | null;
  responses: Record<string, object>;
}

interface SpecBundle {
  operations: Record<string, SpecOperation>;
  extras: { failure_envelope: object };
}

/** Validators compiled once per process from the spec bundle. */
interface SpecValidators {
  success: Map<string, ValidateFunction>;
  request: Map<string, ValidateFunction>;
  failure: ValidateFunction;
  operations: string[];
}

let validators: SpecValidators | undefined;

function compileSpec(): SpecValidators {
  if (validators !== undefined) return validators;
  const spec = JSON.parse(readFileSync(SPEC_PATH, "utf8")) as SpecBundle;
  // strict: false because the published schemas keep upstream no-ops (uniqueItems on objects, ...).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const success = new Map<string, ValidateFunction>();
  const request = new Map<string, ValidateFunction>();
  for (const [key, op] of Object.entries(spec.operations)) {
    const ok = op.responses["200"];
    if (ok !== undefined) success.set(key, ajv.compile(ok));
    if (op.requestBody !== null) request.set(key, ajv.compile(op.requestBody));
  }
  validators = {
    success,
    request,
    failure: ajv.compile(spec.extras.failure_envelope),
    operations: Object.keys(spec.operations),
  };
  return validators;
}

/** The operations the spec bundle holds (`METHOD /template`). */
export function listSpecOperations(): string[] {
  return compileSpec().operations;
}

// Routes the bundle has no schema for: the zones endpoints, account details and the deprecated
// availability list.
// Their success bodies are checked against the shared zod shapes instead.
const SuccessEnvelope = z.object({
  success: z.literal(true),
  errors: z.array(z.never()),
  messages: z.array(z.unknown()),
});
const EXTRA_SUCCESS_SCHEMAS: Record<string, z.ZodType> = {
  "GET /zones/{zone_id}": SuccessEnvelope.extend({ result: Zone }),
  "GET /zones": SuccessEnvelope.extend({ result: z.array(Zone), result_info: ResultInfo.required() }),
  "GET /accounts/{account_id}/custom_ns/availability": SuccessEnvelope.extend({
    result: z.array(z.string()),
  }),
  "GET /accounts/{account_id}": SuccessEnvelope.extend({ result: Account }),
};

/**
 * Returns why an exchange breaks the spec, or undefined when it conforms. Dropped connections and
 * injected faults with a body of their own have nothing to check.
 */
export function findSpecViolation(exchange: Exchange): string | undefined {
  if (exchange.status === null || exchange.injectedBody) return undefined;
  const spec = compileSpec();
  const where = `${exchange.method} ${exchange.path} -> ${exchange.status}`;
  if (exchange.status >= 400) {
    const validate = spec.failure;
    if (!validate(exchange.responseBody)) return `${where}: failure body: ${JSON.stringify(validate.errors)}`;
    return undefined;
  }
  const route = exchange.route ?? "";
  const validate = spec.success.get(route);
  if (validate !== undefined) {
    if (!validate(exchange.responseBody)) return `${where}: 200 body: ${JSON.stringify(validate.errors)}`;
    const validateRequest = spec.request.get(route);
    if (
      validateRequest !== undefined &&
      exchange.requestBody !== undefined &&
      !validateRequest(exchange.requestBody)
    ) {
      return `${where}: accepted a request body the spec rejects: ${JSON.stringify(validateRequest.errors)}`;
    }
    return undefined;
  }
  const extra = EXTRA_SUCCESS_SCHEMAS[route];
  if (extra === undefined) return `${where}: no schema for route ${route}`;
  const parsed = extra.safeParse(exchange.responseBody);
  return parsed.success ? undefined : `${where}: ${parsed.error.message}`;
}

/** What a test gets from useEmulator(). */
export interface EmulatorAccess {
  /** The running emulator (url, adminUrl, store, stop). */
  readonly emulator: RunningEmulator;
  readonly url: string;
  readonly adminUrl: string;
  readonly store: RunningEmulator["store"];
  /** Exchanges of the current test, in order. */
  readonly exchanges: readonly Exchange[];
  /** Routes whose answers were validated during the whole file (`METHOD /template` -> statuses). */
  readonly validatedRoutes: ReadonlyMap<string, Set<number>>;
  /** The official SDK pointed at the emulator; no retries unless asked. */
  client(options?: {
    token?: string;
    apiKey?: { email: string; key: string };
    maxRetries?: number;
  }): Cloudflare;
}

export interface UseEmulatorOptions extends EmulatorOptions {
  /** The token client() uses by default. @default "acns-demo-token" */
  defaultToken?: string;
}

/**
 * Starts an emulator for the current test file; see the module comment for what it checks.
 * Defaults to the example seed.
 */
export function useEmulator(options: UseEmulatorOptions = {}): EmulatorAccess {
  let emulator: RunningEmulator | undefined;
  let exchanges: Exchange[] = [];
  const validatedRoutes = new Map<string, Set<number>>();
  const { defaultToken = TOKEN, ...emulatorOptions } = options;

  const running = (): RunningEmulator => {
    if (emulator === undefined)
      throw new Error("useEmulator: the emulator runs only inside tests (beforeAll has not run)");
    return emulator;
  };

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: join(__dirname, "..", "..", "examples", "seed.json"),
      ...emulatorOptions,
      onExchange: (exchange) => {
        exchanges.push(exchange);
        emulatorOptions.onExchange?.(exchange);
      },
    });
  });

  afterAll(async () => {
    await emulator?.stop();
    emulator = undefined;
  });

  beforeEach(() => {
    running().store.reset();
    exchanges = [];
  });

  afterEach(() => {
    const violations: string[] = [];
    for (const exchange of exchanges) {
      const violation = findSpecViolation(exchange);
      if (violation !== undefined) violations.push(violation);
      else if (exchange.route !== null && exchange.status !== null) {
        const statuses = validatedRoutes.get(exchange.route) ?? new Set<number>();
        statuses.add(exchange.status);
        validatedRoutes.set(exchange.route, statuses);
      }
    }
    if (violations.length > 0) {
      throw new Error(`emulator answers that break the spec bundle:\n${violations.join("\n")}`);
    }
  });

  return {
    get emulator() {
      return running();
    },
    get url() {
      return running().url;
    },
    get adminUrl() {
      return running().adminUrl;
    },
    get store() {
      return running().store;
    },
    get exchanges() {
      return exchanges;
    },
    validatedRoutes,
    client(clientOptions = {}) {
      // Explicit nulls keep the SDK from picking credentials up from the environment.
      const base = {
        baseURL: running().url,
        maxRetries: clientOptions.maxRetries ?? 0,
        userServiceKey: null,
      };
      if (clientOptions.apiKey !== undefined) {
        return new Cloudflare({
          ...base,
          apiToken: null,
          apiEmail: clientOptions.apiKey.email,
          apiKey: clientOptions.apiKey.key,
        });
      }
      return new Cloudflare({
        ...base,
        apiEmail: null,
        apiKey: null,
        apiToken: clientOptions.token ?? defaultToken,
      });
    },
  };
}
