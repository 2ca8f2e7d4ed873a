import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../ids";
import { InMemoryApiKeyStore, InMemorySessionStore, sessionRecord } from "../testing";
import {
  FULL_ACCESS,
  MissingScopeError,
  hasScope,
  requireScopes,
  requireSessionVisible,
  requireUnlimited,
} from "./access";
import { accessOf, authenticateApiKey, createApiKey, revokeApiKey } from "./api-keys";
import { listVisibleSessions } from "./limited-lists";

function setup() {
  return {
    apiKeys: new InMemoryApiKeyStore(),
    sessions: new InMemorySessionStore(),
    clock: fixedClock("2030-01-01T00:00:00Z"),
  };
}

describe("key access rules", () => {
  it("full access (null scopes) holds every scope; a scoped key only its own", () => {
    expect(hasScope(FULL_ACCESS, "audit:read")).toBe(true);
    const reader = { scopes: ["sessions:read" as const], sessionIds: null };
    expect(hasScope(reader, "sessions:read")).toBe(true);
    expect(hasScope(reader, "sessions:write")).toBe(false);
  });

  it("names every missing scope in the 403's details", () => {
    const err = (() => {
      try {
        requireScopes({ scopes: ["sessions:read"], sessionIds: null }, [
          "sessions:read",
          "messages:send",
          "audit:read",
        ]);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MissingScopeError);
    expect((err as MissingScopeError).code).toBe("forbidden");
    expect((err as MissingScopeError).details).toEqual([
      { path: "scopes", message: "messages:send", code: "missing_scope" },
      { path: "scopes", message: "audit:read", code: "missing_scope" },
    ]);
  });

  it("answers a session outside the key's limit as not found, and refuses creating to limited keys", () => {
    const limited = { scopes: null, sessionIds: ["ses_A"] };
    expect(() => requireSessionVisible(limited, "ses_B")).toThrow(NotFoundError);
    expect(() => requireSessionVisible(limited, "ses_A")).not.toThrow();
    expect(() => requireUnlimited(limited, "create sessions")).toThrow(ForbiddenError);
    expect(() => requireUnlimited(FULL_ACCESS, "create sessions")).not.toThrow();
  });
});

describe("scoped keys", () => {
  it("stores the scopes deduplicated in canonical order and authenticates to them", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const { record, secret } = await createApiKey(deps, tenantId, {
      name: "ci",
      scopes: ["messages:send", "sessions:read", "messages:send"],
    });
    expect(record.scopes).toEqual(["sessions:read", "messages:send"]);
    expect(accessOf(await authenticateApiKey(deps, secret))).toEqual({
      scopes: ["sessions:read", "messages:send"],
      sessionIds: null,
    });
  });

  it("gives a key without scopes full access, like keys stored before scopes existed", async () => {
    const { record } = await createApiKey(setup(), newId("tenant"), { name: "legacy" });
    expect(accessOf(record)).toEqual(FULL_ACCESS);
  });

  it("inherits the creator's limits when none are asked, and never grants beyond them", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const creator = { scopes: ["sessions:read", "keys:manage"] as const, sessionIds: null };
    const { record } = await createApiKey(
      deps,
      tenantId,
      { name: "child" },
      { ...creator, scopes: [...creator.scopes] },
    );
    expect(record.scopes).toEqual(["sessions:read", "keys:manage"]);
    await expect(
      createApiKey(
        deps,
        tenantId,
        { name: "wider", scopes: ["sessions:write"] },
        { ...creator, scopes: [...creator.scopes] },
      ),
    ).rejects.toBeInstanceOf(MissingScopeError);
  });

  it("checks a session limit: the tenant's sessions only, session scopes only", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const mine = sessionRecord(tenantId);
    const foreign = sessionRecord(newId("tenant"));
    await deps.sessions.create(mine);
    await deps.sessions.create(foreign);
    const ok = await createApiKey(deps, tenantId, {
      name: "one",
      scopes: ["sessions:read"],
      sessionIds: [mine.id, mine.id],
    });
    expect(ok.record.sessionIds).toEqual([mine.id]);
    const bad = await createApiKey(deps, tenantId, {
      name: "x",
      scopes: ["sessions:read", "webhooks:manage"],
      sessionIds: [mine.id, foreign.id],
    }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).details?.map((d) => d.path)).toEqual(["body.scopes", "body.sessionIds.1"]);
  });

  it("lets a scoped key revoke only keys within its own scopes", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const full = await createApiKey(deps, tenantId, { name: "full" });
    const narrow = await createApiKey(deps, tenantId, { name: "narrow", scopes: ["sessions:read"] });
    const revoker = {
      scopes: ["keys:manage", "sessions:read"] as Array<"keys:manage" | "sessions:read">,
      sessionIds: null,
    };
    await expect(revokeApiKey(deps, tenantId, full.record.id, revoker)).rejects.toBeInstanceOf(MissingScopeError);
    await revokeApiKey(deps, tenantId, narrow.record.id, revoker);
    expect(await deps.apiKeys.get(tenantId, narrow.record.id)).toBeNull();
    await expect(revokeApiKey(deps, tenantId, narrow.record.id, revoker)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("lists for a session-limited key", () => {
  it("pages through its own sessions only, newest first, skipping deleted ones", async () => {
    const deps = setup();
    const tenantId = newId("tenant");
    const made = [0, 1, 2, 3].map((i) => sessionRecord(tenantId, {}, new Date(Date.UTC(2030, 0, 1, 0, 0, i))));
    for (const s of made) await deps.sessions.create(s);
    await deps.sessions.delete(tenantId, made[2]!.id);
    const access = { scopes: null, sessionIds: [made[0]!.id, made[2]!.id, made[3]!.id] };
    const first = await listVisibleSessions(deps, tenantId, { limit: 1 }, access);
    expect(first.items.map((s) => s.id)).toEqual([made[3]!.id]);
    const rest = await listVisibleSessions(deps, tenantId, { limit: 5, cursor: first.nextCursor ?? "" }, access);
    expect(rest.items.map((s) => s.id)).toEqual([made[0]!.id]);
    expect(rest.nextCursor).toBeNull();
    await expect(listVisibleSessions(deps, tenantId, { limit: 1, cursor: "bogus" }, access)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
