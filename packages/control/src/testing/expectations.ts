import { expect } from "vitest";
import type { CallResult, Harness } from "./harness";

/** Asserts the one error shape and returns its `error` object. */
export function expectError(res: CallResult, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(typeof res.body.error.message).toBe("string");
  expect(res.body.error.requestId).toBe(res.headers.get("x-request-id"));
  return res.body.error as {
    code: string;
    message: string;
    details?: Array<{ path: string; message: string; code?: string }>;
  };
}

/** A 400 whose details name exactly the field the client got wrong. */
export function expectInvalid(res: CallResult, path: string) {
  const error = expectError(res, 400, "validation_failed");
  expect(error.details?.map((d) => d.path)).toContain(path);
  return error;
}

export function expectUnauthorized(res: CallResult) {
  expectError(res, 401, "unauthorized");
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
}

export interface TestTenant {
  id: string;
  key: string;
  keyId: string;
}

let counter = 0;

/** Every suite creates its own tenant through the API, like a real operator would. */
export async function newTenant(h: Harness, label = "suite"): Promise<TestTenant> {
  const res = await h.call("POST", "/v1/tenants", { key: h.adminKey, json: { name: `${label} ${++counter}` } });
  expect(res.status).toBe(201);
  return { id: res.body.tenant.id, key: res.body.apiKey.secret, keyId: res.body.apiKey.id };
}

/** Follows nextCursor to the end (bounded), returning every item and the pages seen. */
export async function collectPages(h: Harness, path: string, key: string, limit: number, maxPages = 50) {
  const items: any[] = [];
  const pageSizes: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const qs = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await h.call("GET", `${path}?${qs}`, { key });
    expect(res.status).toBe(200);
    items.push(...res.body.data);
    pageSizes.push(res.body.data.length);
    cursor = res.body.nextCursor;
    if (cursor === null) return { items, pageSizes };
  }
  throw new Error(`more than ${maxPages} pages at ${path}`);
}
