import type { EventLogEntry } from "@wharf/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, expectInvalid, newTenant, type TestTenant } from "../expectations";
import type { DataHarness } from "./webhook-editing";

/** GET /v1/events over fakes or the real stack: order, paging, filters, tenant isolation. */
export function eventLogSuite(h: () => DataHarness) {
  describe("event log (tenant key)", () => {
    let tenant: TestTenant;
    let other: TestTenant;
    let a: string;
    let b: string;
    let otherSession: string;
    const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 3, 0, s)).toISOString();

    const status = (
      id: string,
      sessionId: string,
      s: number,
      st: "open" | "reconnecting" | "logged_out",
    ): EventLogEntry => ({
      id,
      type: "session.status",
      sessionId: sessionId as never,
      at: at(s),
      data: {
        status: st,
        lastDisconnect:
          st === "open" ? null : { code: 401, reason: "logged_out", message: "logged out from the phone", at: at(s) },
      },
    });

    beforeAll(async () => {
      tenant = await newTenant(h(), "event-log");
      other = await newTenant(h(), "event-log-other");
      const session = async (t: TestTenant) =>
        (await h().call("POST", "/v1/sessions", { key: t.key, json: { name: "s" } })).body.id as string;
      a = await session(tenant);
      b = await session(tenant);
      otherSession = await session(other);
      const log = h().eventLog;
      await log.append(tenant.id, status("evt_a1", a, 1, "open"));
      await log.append(tenant.id, status("evt_a2", a, 2, "logged_out"));
      await log.append(tenant.id, {
        id: "evt_a3",
        type: "message.failed",
        sessionId: a as never,
        at: at(3),
        data: {
          messageId: "msg_01JD0000000000000000000000" as never,
          chatJid: "4915100000001@s.whatsapp.net",
          code: "session_not_open",
          reason: "not connected",
        },
      });
      await log.append(tenant.id, status("evt_b1", b, 4, "reconnecting"));
      // written twice (a redelivered event): still one entry
      await log.append(tenant.id, status("evt_b1", b, 4, "reconnecting"));
      await log.append(other.id, status("evt_o1", otherSession, 5, "open"));
    });

    const list = async (qs: string, key = tenant.key) => h().call("GET", `/v1/events${qs}`, { key });
    const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((e) => e.id);

    it("lists the tenant's events newest first, with disconnect reasons, never another tenant's", async () => {
      const res = await list("");
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual(["evt_b1", "evt_a3", "evt_a2", "evt_a1"]);
      expect(res.body.data[2]).toEqual(status("evt_a2", a, 2, "logged_out"));
      expect(res.body.nextCursor).toBeNull();
      expect(ids(await list("", other.key))).toEqual(["evt_o1"]);
    });

    it("pages with a cursor", async () => {
      const first = await list("?limit=3");
      expect(ids(first)).toEqual(["evt_b1", "evt_a3", "evt_a2"]);
      const second = await list(`?limit=3&cursor=${first.body.nextCursor}`);
      expect(ids(second)).toEqual(["evt_a1"]);
      expect(second.body.nextCursor).toBeNull();
    });

    it("filters by session, by type, and by both (paging through filtered pages)", async () => {
      expect(ids(await list(`?sessionId=${a}`))).toEqual(["evt_a3", "evt_a2", "evt_a1"]);
      expect(ids(await list("?type=session.status"))).toEqual(["evt_b1", "evt_a2", "evt_a1"]);
      expect(ids(await list(`?sessionId=${a}&type=message.failed`))).toEqual(["evt_a3"]);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const res = await list(`?type=session.status&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
        seen.push(...ids(res));
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual(["evt_b1", "evt_a2", "evt_a1"]);
    });

    it("answers 404 for another tenant's session and unknown ones, 400 for bad filters and cursors", async () => {
      expectError(await list(`?sessionId=${otherSession}`), 404, "not_found");
      expectError(await list("?sessionId=ses_01JD0000000000000000000000"), 404, "not_found");
      expectInvalid(await list("?sessionId=ses_nope"), "query.sessionId");
      expectInvalid(await list("?type=message.sent"), "query.type");
      expectInvalid(await list("?limit=0"), "query.limit");
      expectInvalid(await list("?cursor=bm90LWEtY3Vyc29y"), "query.cursor");
      const mine = await list("?limit=1");
      expectInvalid(await list(`?limit=1&cursor=${mine.body.nextCursor}`, other.key), "query.cursor");
    });
  });
}
