import { beforeAll, describe, expect, it } from "vitest";
import { ConflictError, ValidationError } from "../errors";
import { newId } from "../ids";
import type { ApiKeyStore } from "../api-keys/ports";
import type { PageResult } from "../paging";
import type { SessionStore } from "../sessions/ports";
import type { TenantStore } from "../tenants/ports";
import { apiKeyRecord, sessionRecord, tenantRecord } from "./fixtures";

/**
 * The behaviour every implementation of the store ports must show. The in-memory fakes
 * run it in core; the DynamoDB adapters run the very same suite in packages/aws against
 * DynamoDB Local, so a fake can never promise what the real store does not do.
 *
 * `makeRepos` is called once per suite; every test makes its own tenant ids, so the store
 * may be shared with other tests (tenant lists are only checked for what a test created).
 */
export interface ContractStores {
  tenants: TenantStore;
  apiKeys: ApiKeyStore;
  sessions: SessionStore;
}

async function collect<T>(
  fetch: (cursor: string | undefined) => Promise<PageResult<T>>,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= 10_000; pages++) {
    const page = await fetch(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    if (page.nextCursor === null) return { items, pages };
    expect(typeof page.nextCursor).toBe("string");
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not terminate");
}

/** Cursors a client could make up; every one must be refused with ValidationError. */
function forgedCursors(real: string): string[] {
  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");
  return ["not-a-cursor!", "%%%", b64("{}"), b64("[1,2,3]"), b64("null"), b64('{"pk":{"S":"x"}}'), real.slice(0, -4)];
}

const ids = <T extends { id: string }>(items: T[]) => items.map((i) => i.id);

/** A refused cursor is a ValidationError naming the query parameter, as the API reports it. */
async function expectCursorRejected(p: Promise<unknown>, cursor: string): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `cursor ${JSON.stringify(cursor)} was accepted`).toBeInstanceOf(ValidationError);
  expect((err as ValidationError).details?.[0]?.path).toBe("query.cursor");
}

export function describeStoreContract(name: string, makeRepos: () => Promise<ContractStores>): void {
  describe(`store contract: ${name}`, () => {
    let repos: ContractStores;
    beforeAll(async () => {
      repos = await makeRepos();
    });

    describe("tenants", () => {
      it("stores and returns a tenant exactly", async () => {
        const t = tenantRecord({ name: "Round Trip GmbH" });
        await repos.tenants.create(t);
        expect(await repos.tenants.get(t.id)).toEqual(t);
      });

      it("returns null for an unknown id", async () => {
        expect(await repos.tenants.get(newId("tenant"))).toBeNull();
      });

      it("refuses a duplicate id with ConflictError and keeps the original", async () => {
        const t = tenantRecord({ name: "first" });
        await repos.tenants.create(t);
        await expect(repos.tenants.create({ ...t, name: "second" })).rejects.toBeInstanceOf(ConflictError);
        expect((await repos.tenants.get(t.id))?.name).toBe("first");
      });

      it("lists every tenant exactly once across pages", async () => {
        const mine = [tenantRecord(), tenantRecord(), tenantRecord(), tenantRecord(), tenantRecord()];
        for (const t of mine) await repos.tenants.create(t);
        const { items } = await collect((cursor) => repos.tenants.list({ limit: 3, cursor }), 3);
        const all = ids(items);
        expect(new Set(all).size).toBe(all.length);
        for (const t of mine) expect(items.find((i) => i.id === t.id)).toEqual(t);
      });

      it("refuses forged cursors with ValidationError", async () => {
        await repos.tenants.create(tenantRecord());
        await repos.tenants.create(tenantRecord());
        const first = await repos.tenants.list({ limit: 1 });
        expect(first.nextCursor).not.toBeNull();
        for (const cursor of forgedCursors(first.nextCursor!)) {
          await expectCursorRejected(repos.tenants.list({ limit: 1, cursor }), cursor);
        }
      });

      it("hands out copies: changing a returned record changes nothing stored", async () => {
        const t = tenantRecord({ name: "immutable" });
        await repos.tenants.create(t);
        t.name = "changed after create";
        const got = await repos.tenants.get(t.id);
        got!.name = "changed after get";
        expect((await repos.tenants.get(t.id))?.name).toBe("immutable");
      });
    });

    describe("api keys", () => {
      it("stores a key and finds it by id and by hash", async () => {
        const tenantId = newId("tenant");
        const k = apiKeyRecord(tenantId);
        await repos.apiKeys.create(k);
        expect(await repos.apiKeys.get(tenantId, k.id)).toEqual(k);
        expect(await repos.apiKeys.findByHash(k.hash)).toEqual(k);
        expect(await repos.apiKeys.findByHash("0".repeat(64))).toBeNull();
      });

      it("refuses a duplicate id and a duplicate hash, leaving nothing half-written", async () => {
        const tenantId = newId("tenant");
        const k = apiKeyRecord(tenantId);
        await repos.apiKeys.create(k);
        await expect(repos.apiKeys.create({ ...k, name: "dup id" })).rejects.toBeInstanceOf(ConflictError);
        const sameHash = apiKeyRecord(tenantId, { hash: k.hash });
        await expect(repos.apiKeys.create(sameHash)).rejects.toBeInstanceOf(ConflictError);
        expect(await repos.apiKeys.get(tenantId, sameHash.id)).toBeNull();
        const otherTenantSameHash = apiKeyRecord(newId("tenant"), { hash: k.hash });
        await expect(repos.apiKeys.create(otherTenantSameHash)).rejects.toBeInstanceOf(ConflictError);
        expect(await repos.apiKeys.findByHash(k.hash)).toEqual(k);
      });

      it("keeps tenants apart: another tenant cannot get, list or delete the key", async () => {
        const owner = newId("tenant");
        const other = newId("tenant");
        const k = apiKeyRecord(owner);
        await repos.apiKeys.create(k);
        expect(await repos.apiKeys.get(other, k.id)).toBeNull();
        expect(await repos.apiKeys.list(other, { limit: 10 })).toEqual({ items: [], nextCursor: null });
        expect(await repos.apiKeys.delete(other, k.id)).toBe(false);
        expect(await repos.apiKeys.get(owner, k.id)).toEqual(k);
        expect((await repos.apiKeys.findByHash(k.hash))?.tenantId).toBe(owner);
      });

      it("lists a tenant's keys exactly once across pages", async () => {
        const tenantId = newId("tenant");
        const mine = [1, 2, 3, 4, 5].map(() => apiKeyRecord(tenantId));
        for (const k of mine) await repos.apiKeys.create(k);
        await repos.apiKeys.create(apiKeyRecord(newId("tenant")));
        const { items } = await collect((cursor) => repos.apiKeys.list(tenantId, { limit: 2, cursor }), 2);
        expect(ids(items).sort()).toEqual(ids(mine).sort());
        const one = await repos.apiKeys.list(tenantId, { limit: 10 });
        expect(one.items).toHaveLength(5);
        expect(one.nextCursor).toBeNull();
      });

      it("deletes once, frees the hash, and forgets the key everywhere", async () => {
        const tenantId = newId("tenant");
        const k = apiKeyRecord(tenantId);
        await repos.apiKeys.create(k);
        expect(await repos.apiKeys.delete(tenantId, k.id)).toBe(true);
        expect(await repos.apiKeys.delete(tenantId, k.id)).toBe(false);
        expect(await repos.apiKeys.get(tenantId, k.id)).toBeNull();
        expect(await repos.apiKeys.findByHash(k.hash)).toBeNull();
        expect((await repos.apiKeys.list(tenantId, { limit: 10 })).items).toEqual([]);
        const again = apiKeyRecord(tenantId, { hash: k.hash });
        await repos.apiKeys.create(again);
        expect(await repos.apiKeys.findByHash(k.hash)).toEqual(again);
      });

      it("touch records lastUsedAt, and never creates or crosses tenants", async () => {
        const tenantId = newId("tenant");
        const k = apiKeyRecord(tenantId);
        await repos.apiKeys.create(k);
        const at = "2030-01-02T03:04:05.000Z";
        await repos.apiKeys.touch(tenantId, k.id, at);
        expect((await repos.apiKeys.get(tenantId, k.id))?.lastUsedAt).toBe(at);
        expect((await repos.apiKeys.findByHash(k.hash))?.lastUsedAt).toBe(at);

        await repos.apiKeys.touch(newId("tenant"), k.id, "2031-01-01T00:00:00.000Z");
        expect((await repos.apiKeys.get(tenantId, k.id))?.lastUsedAt).toBe(at);

        const ghost = newId("apiKey");
        await repos.apiKeys.touch(tenantId, ghost, at);
        expect(await repos.apiKeys.get(tenantId, ghost)).toBeNull();
        await repos.apiKeys.delete(tenantId, k.id);
        await repos.apiKeys.touch(tenantId, k.id, at);
        expect(await repos.apiKeys.get(tenantId, k.id)).toBeNull();
        expect((await repos.apiKeys.list(tenantId, { limit: 10 })).items).toEqual([]);
      });

      it("refuses forged cursors with ValidationError", async () => {
        const tenantId = newId("tenant");
        for (let i = 0; i < 3; i++) await repos.apiKeys.create(apiKeyRecord(tenantId));
        const first = await repos.apiKeys.list(tenantId, { limit: 1 });
        for (const cursor of forgedCursors(first.nextCursor!)) {
          await expectCursorRejected(repos.apiKeys.list(tenantId, { limit: 1, cursor }), cursor);
        }
      });
    });

    describe("sessions", () => {
      /** n sessions created one millisecond apart, oldest first */
      async function createSessions(tenantId: string, n: number) {
        const base = Date.parse("2030-06-01T00:00:00Z");
        const made = [];
        for (let i = 0; i < n; i++) {
          const s = sessionRecord(tenantId, { name: `s${i}` }, new Date(base + i));
          await repos.sessions.create(s);
          made.push(s);
        }
        return made;
      }

      it("stores and returns a session exactly, nested fields included", async () => {
        const tenantId = newId("tenant");
        const s = sessionRecord(tenantId, {
          status: "open",
          desiredState: "connected",
          phone: "4915123456789",
          lastDisconnect: { code: 428, reason: "connection_closed", message: "closed", at: "2030-01-01T00:00:00.000Z" },
          health: {
            lastConnectedAt: "2030-01-01T00:00:01.000Z",
            lastMessageAt: null,
            reconnectCount: 2,
            reconnectsLast5m: 1,
          },
          lease: { owner: newId("worker"), epoch: 7, leaseUntil: "2030-01-01T00:00:31.000Z" },
        });
        await repos.sessions.create(s);
        expect(await repos.sessions.get(tenantId, s.id)).toEqual(s);
      });

      it("refuses a duplicate id with ConflictError and keeps the original", async () => {
        const tenantId = newId("tenant");
        const s = sessionRecord(tenantId, { name: "original" });
        await repos.sessions.create(s);
        await expect(repos.sessions.create({ ...s, name: "impostor" })).rejects.toBeInstanceOf(ConflictError);
        expect((await repos.sessions.get(tenantId, s.id))?.name).toBe("original");
      });

      it("lists newest first, every session exactly once across pages", async () => {
        const tenantId = newId("tenant");
        const made = await createSessions(tenantId, 5);
        const { items } = await collect((cursor) => repos.sessions.list(tenantId, { limit: 2, cursor }), 2);
        expect(ids(items)).toEqual(ids(made).reverse());
        expect(items[0]).toEqual(made[4]);
        const all = await repos.sessions.list(tenantId, { limit: 25 });
        expect(ids(all.items)).toEqual(ids(made).reverse());
        expect(all.nextCursor).toBeNull();
      });

      it("keeps tenants apart: another tenant sees nothing and changes nothing", async () => {
        const owner = newId("tenant");
        const other = newId("tenant");
        const [s] = await createSessions(owner, 1);
        expect(await repos.sessions.get(other, s!.id)).toBeNull();
        expect(await repos.sessions.list(other, { limit: 10 })).toEqual({ items: [], nextCursor: null });
        expect(
          await repos.sessions.update(other, s!.id, { name: "hijack", updatedAt: "2031-01-01T00:00:00.000Z" }),
        ).toBeNull();
        expect(await repos.sessions.delete(other, s!.id)).toBe(false);
        expect(await repos.sessions.get(owner, s!.id)).toEqual(s);
      });

      it("update applies only the given fields and returns the stored result", async () => {
        const tenantId = newId("tenant");
        const [s] = await createSessions(tenantId, 1);
        const updatedAt = "2030-07-01T00:00:00.000Z";
        const lastDisconnect = { code: 440, reason: "connection_replaced", message: "replaced", at: updatedAt };
        const out = await repos.sessions.update(tenantId, s!.id, {
          name: "renamed",
          status: "disconnected",
          pacing: { ...s!.pacing, burst: 9 },
          lastDisconnect,
          updatedAt,
        });
        const expected = {
          ...s!,
          name: "renamed",
          status: "disconnected" as const,
          pacing: { ...s!.pacing, burst: 9 },
          lastDisconnect,
          updatedAt,
        };
        expect(out).toEqual(expected);
        expect(await repos.sessions.get(tenantId, s!.id)).toEqual(expected);

        const cleared = await repos.sessions.update(tenantId, s!.id, {
          lastDisconnect: null,
          phone: "31612345678",
          updatedAt: "2030-07-02T00:00:00.000Z",
        });
        expect(cleared).toMatchObject({
          lastDisconnect: null,
          phone: "31612345678",
          name: "renamed",
          lease: s!.lease,
          createdAt: s!.createdAt,
        });
      });

      it("update of a missing session returns null, with or without ifUpdatedAt", async () => {
        const tenantId = newId("tenant");
        const id = newId("session");
        expect(
          await repos.sessions.update(tenantId, id, { name: "x", updatedAt: "2030-01-01T00:00:00.000Z" }),
        ).toBeNull();
        expect(
          await repos.sessions.update(
            tenantId,
            id,
            { name: "x", updatedAt: "2030-01-01T00:00:00.000Z" },
            { ifUpdatedAt: "2030-01-01T00:00:00.000Z" },
          ),
        ).toBeNull();
        expect(await repos.sessions.get(tenantId, id)).toBeNull();
      });

      it("optimistic update: the first writer wins, the stale one gets ConflictError", async () => {
        const tenantId = newId("tenant");
        const [s] = await createSessions(tenantId, 1);
        const first = await repos.sessions.update(
          tenantId,
          s!.id,
          { name: "first", updatedAt: "2030-08-01T00:00:00.000Z" },
          { ifUpdatedAt: s!.updatedAt },
        );
        expect(first?.name).toBe("first");
        await expect(
          repos.sessions.update(
            tenantId,
            s!.id,
            { name: "stale", updatedAt: "2030-08-01T00:00:01.000Z" },
            { ifUpdatedAt: s!.updatedAt },
          ),
        ).rejects.toBeInstanceOf(ConflictError);
        expect(await repos.sessions.get(tenantId, s!.id)).toEqual(first);
      });

      it("deletes once and disappears from get and list", async () => {
        const tenantId = newId("tenant");
        const [a, b] = await createSessions(tenantId, 2);
        expect(await repos.sessions.delete(tenantId, a!.id)).toBe(true);
        expect(await repos.sessions.delete(tenantId, a!.id)).toBe(false);
        expect(await repos.sessions.get(tenantId, a!.id)).toBeNull();
        expect(ids((await repos.sessions.list(tenantId, { limit: 10 })).items)).toEqual([b!.id]);
      });

      it("refuses forged cursors, and a cursor never leaks another tenant's sessions", async () => {
        const tenantId = newId("tenant");
        const other = newId("tenant");
        await createSessions(tenantId, 3);
        const otherSessions = await createSessions(other, 1);
        const first = await repos.sessions.list(tenantId, { limit: 1 });
        for (const cursor of forgedCursors(first.nextCursor!)) {
          await expectCursorRejected(repos.sessions.list(tenantId, { limit: 1, cursor }), cursor);
        }
        // Replaying tenant A's cursor as tenant B: refused, or B's own data only.
        const replay = repos.sessions.list(other, { limit: 10, cursor: first.nextCursor! });
        const outcome = await replay.then(
          (page) => page,
          (err: unknown) => err,
        );
        if (outcome instanceof Error) await expectCursorRejected(Promise.reject(outcome), first.nextCursor!);
        else
          for (const s of (outcome as PageResult<{ tenantId: string; id: string }>).items) {
            expect(s.tenantId).toBe(other);
            expect(ids(otherSessions)).toContain(s.id);
          }
      });
    });
  });
}
