import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError, newId } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { countSdkCalls, useTestStack } from "../testing/index";
import { describe, expect, it } from "vitest";
import { encodeCursor } from "../dynamo/cursor";
import { keys } from "../dynamo/keys";
import { createSessionStore } from "./session-store";
import { collectPages, expectCursorRejected } from "./test-fixtures";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const sessions = createSessionStore(ctx);

const later = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

describe("DynamoDB session store", () => {
  it("stores a session and reads it back unchanged", async () => {
    const s = sessionRecord(newId("tenant"), {
      phone: "15550001111",
      lastDisconnect: { code: 428, reason: "connection_closed", message: "closed", at: new Date().toISOString() },
    });
    await sessions.create(s);
    expect(await sessions.get(s.tenantId, s.id)).toEqual(s);
  });

  it("reads many sessions in one BatchGetItem, in the order asked, null for a missing or another tenant's one", async () => {
    const tenantId = newId("tenant");
    const mine = [sessionRecord(tenantId), sessionRecord(tenantId)];
    const theirs = sessionRecord(newId("tenant"));
    for (const s of [...mine, theirs]) await sessions.create(s);
    const counter = countSdkCalls([stack.dynamo]);
    const found = await sessions.getMany?.([
      { tenantId, id: mine[1]!.id },
      { tenantId, id: "ses_missing" },
      { tenantId, id: theirs.id },
      { tenantId, id: mine[0]!.id },
      { tenantId, id: mine[1]!.id },
    ]);
    expect(counter.take()).toEqual({ BatchGetItem: 1 });
    expect(found).toEqual([mine[1], null, null, mine[0], mine[1]]);
  });

  it("refuses to create a session whose id exists", async () => {
    const s = sessionRecord(newId("tenant"));
    await sessions.create(s);
    await expect(sessions.create({ ...s, name: "other" })).rejects.toBeInstanceOf(ConflictError);
    expect((await sessions.get(s.tenantId, s.id))?.name).toBe(s.name);
  });

  it("hides a session from every other tenant", async () => {
    const s = sessionRecord(newId("tenant"));
    const other = newId("tenant");
    await sessions.create(s);
    expect(await sessions.get(other, s.id)).toBeNull();
    expect(await sessions.update(other, s.id, { name: "stolen", updatedAt: later(s.updatedAt, 1) })).toBeNull();
    expect(await sessions.delete(other, s.id)).toBe(false);
    expect((await sessions.list(other, { limit: 10 })).items).toEqual([]);
    expect(await sessions.get(s.tenantId, s.id)).toEqual(s);
  });

  it("lists a tenant's sessions newest first across pages", async () => {
    const tenantId = newId("tenant");
    const created = [];
    for (let i = 0; i < 5; i++) {
      const s = sessionRecord(tenantId, { name: `s${i}` });
      await sessions.create(s);
      created.push(s);
    }
    await sessions.create(sessionRecord(newId("tenant")));
    const { items, pages } = await collectPages((cursor) => sessions.list(tenantId, { limit: 2, cursor }), 2);
    expect(pages).toBe(3);
    expect(items.map((s) => s.id)).toEqual(created.map((s) => s.id).reverse());
  });

  it("ends with a null cursor when the last page is exactly full", async () => {
    const tenantId = newId("tenant");
    for (let i = 0; i < 4; i++) await sessions.create(sessionRecord(tenantId));
    const first = await sessions.list(tenantId, { limit: 2 });
    const second = await sessions.list(tenantId, { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });

  it("rejects another tenant's cursor", async () => {
    const mine = newId("tenant");
    const theirs = newId("tenant");
    for (let i = 0; i < 3; i++) await sessions.create(sessionRecord(theirs));
    const page = await sessions.list(theirs, { limit: 1 });
    await expectCursorRejected(sessions.list(mine, { limit: 1, cursor: page.nextCursor ?? "" }));
  });

  it("rejects forged and malformed cursors", async () => {
    const mine = newId("tenant");
    const theirs = newId("tenant");
    const sid = newId("session");
    // index partition of mine, but the item key of another tenant's session
    const forged = encodeCursor({ ...keys.session(theirs, sid), gsi1pk: keys.sessionsIndexPk(mine), gsi1sk: sid });
    await expectCursorRejected(sessions.list(mine, { limit: 1, cursor: forged }));
    const extra = encodeCursor({ ...keys.session(mine, sid), gsi1pk: keys.sessionsIndexPk(mine), gsi1sk: sid, x: "y" });
    await expectCursorRejected(sessions.list(mine, { limit: 1, cursor: extra }));
    await expectCursorRejected(sessions.list(mine, { limit: 1, cursor: "eyJ" }));
    await expectCursorRejected(sessions.list(mine, { limit: 1, cursor: Buffer.from("null").toString("base64url") }));
  });

  it("applies a patch and returns the new record", async () => {
    const s = sessionRecord(newId("tenant"));
    await sessions.create(s);
    const updatedAt = later(s.updatedAt, 1000);
    const updated = await sessions.update(s.tenantId, s.id, {
      name: "renamed",
      status: "qr",
      pacing: { ...s.pacing, dailyCap: 10 },
      lastDisconnect: null,
      updatedAt,
    });
    expect(updated).toEqual({ ...s, name: "renamed", status: "qr", pacing: { ...s.pacing, dailyCap: 10 }, updatedAt });
    expect(await sessions.get(s.tenantId, s.id)).toEqual(updated);
  });

  it("returns null when updating a missing session and does not create it", async () => {
    const tenantId = newId("tenant");
    const id = newId("session");
    expect(await sessions.update(tenantId, id, { name: "ghost", updatedAt: new Date().toISOString() })).toBeNull();
    expect(
      await sessions.update(tenantId, id, { name: "ghost", updatedAt: new Date().toISOString() }, { ifUpdatedAt: "x" }),
    ).toBeNull();
    expect(await sessions.get(tenantId, id)).toBeNull();
  });

  it("rejects an update based on a stale updatedAt and keeps the newer write", async () => {
    const s = sessionRecord(newId("tenant"));
    await sessions.create(s);
    await sessions.update(
      s.tenantId,
      s.id,
      { name: "first", updatedAt: later(s.updatedAt, 1) },
      { ifUpdatedAt: s.updatedAt },
    );
    await expect(
      sessions.update(
        s.tenantId,
        s.id,
        { name: "second", updatedAt: later(s.updatedAt, 2) },
        { ifUpdatedAt: s.updatedAt },
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await sessions.get(s.tenantId, s.id))?.name).toBe("first");
  });

  it("lets exactly one of several racing guarded updates win", async () => {
    const s = sessionRecord(newId("tenant"));
    await sessions.create(s);
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((n) =>
        sessions.update(
          s.tenantId,
          s.id,
          { name: `n${n}`, updatedAt: later(s.updatedAt, n) },
          { ifUpdatedAt: s.updatedAt },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
  });

  it("deletes the session and every other item in its partition", async () => {
    const s = sessionRecord(newId("tenant"));
    await sessions.create(s);
    const pk = keys.sessionPk(s.tenantId, s.id);
    // more than one BatchWriteItem's worth (25) of auth-state items
    for (let i = 0; i < 40; i++) {
      await stack.doc.send(
        new PutCommand({ TableName: stack.tableName, Item: { pk, sk: `AUTH#key#pre-key#${i}`, data: "x" } }),
      );
    }
    const neighbour = sessionRecord(s.tenantId);
    await sessions.create(neighbour);

    expect(await sessions.delete(s.tenantId, s.id)).toBe(true);
    const left = await stack.doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ConsistentRead: true,
      }),
    );
    expect(left.Items).toEqual([]);
    expect(await sessions.get(s.tenantId, s.id)).toBeNull();
    expect(await sessions.get(neighbour.tenantId, neighbour.id)).toEqual(neighbour);
    expect((await sessions.list(s.tenantId, { limit: 10 })).items.map((x) => x.id)).toEqual([neighbour.id]);
  });

  it("reports nothing to delete for a missing session", async () => {
    expect(await sessions.delete(newId("tenant"), newId("session"))).toBe(false);
  });
});
