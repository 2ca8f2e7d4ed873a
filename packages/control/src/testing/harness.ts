import { Writable } from "node:stream";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { fixedClock, generateApiKeySecret, hashApiKey } from "@wharf/core";
import pino from "pino";
import { createApp } from "../app";
import type { AppDeps } from "../env";
import { createFakeDataPath } from "./fake-data-path";

/**
 * Test-only wiring: the real app over whichever stores the suite brings, and over the
 * in-memory data path unless the suite brings its own.
 */
export interface Harness {
  app: OpenAPIHono;
  deps: AppDeps;
  clock: ReturnType<typeof fixedClock>;
  adminKey: string;
  /** every JSON log line the app wrote, for asserting what is (not) logged */
  logLines: () => string[];
  call: (method: string, path: string, opts?: CallOptions) => Promise<CallResult>;
}

export type RawBody = string | Uint8Array | ReadableStream<Uint8Array>;

export interface CallOptions {
  key?: string;
  /** serialised as JSON with content-type application/json */
  json?: unknown;
  /** sent verbatim; pair with headers for content-type */
  raw?: RawBody;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: { get(name: string): string | null };
  /** parsed JSON body, or null when there is none */
  body: any;
  text: string;
}

export function createHarness(
  repos: AppDeps["repos"],
  opts: { start?: string; data?: AppDeps["data"]; extraRoutes?: AppDeps["extraRoutes"] } = {},
): Harness {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const clock = fixedClock(opts.start ?? "2025-01-01T00:00:00.000Z");
  const adminKey = generateApiKeySecret();
  const deps: AppDeps = {
    repos,
    clock,
    adminKeyHash: hashApiKey(adminKey),
    logger: pino({ level: "debug" }, sink),
    version: "0.0.0-test",
    data: opts.data ?? createFakeDataPath().data,
    ...(opts.extraRoutes ? { extraRoutes: opts.extraRoutes } : {}),
  };
  const app = createApp(deps);

  async function call(method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.key !== undefined) headers.authorization = `Bearer ${o.key}`;
    let body: RawBody | undefined = o.raw;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers["content-type"] ??= "application/json";
    }
    const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = null;
    if (text && (res.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  return { app, deps, clock, adminKey, logLines: () => [...lines], call };
}
