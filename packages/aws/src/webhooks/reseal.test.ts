import { createCipheriv, randomBytes } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { newId, signingSecrets, type WebhookEndpointRecord } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { keys } from "../dynamo/keys";
import { createWebhookStore } from "../stores/webhook-store";
import { useTestStack } from "../testing/index";
import { withResealedSecrets } from "./reseal";
import { createSecretBox } from "./secret-box";

const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
const key = randomBytes(32);
const box = createSecretBox(key);

/** A secret sealed the way rows were sealed before the endpoint id was bound in (v1, no AAD). */
function sealLegacy(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

function endpoint(tenantId: string, sealed: { current: string; previous: string | null }): WebhookEndpointRecord {
  return {
    id: newId("webhook"),
    tenantId,
    url: "https://93.184.216.34/hooks",
    events: ["message.received"],
    sessionIds: null,
    description: null,
    secretSealed: sealed.current,
    secretPrefix: "whsec_aaaaaa",
    paused: false,
    headers: {},
    previousSecretSealed: sealed.previous,
    previousSecretPrefix: sealed.previous ? "whsec_bbbbbb" : null,
    previousSecretExpiresAt: sealed.previous ? "2999-01-01T00:00:00.000Z" : null,
    createdAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
  };
}

async function storedRow(e: { tenantId: string; id: string }) {
  const res = await stack.doc.send(
    new GetCommand({ TableName: stack.tableName, Key: keys.webhook(e.tenantId, e.id), ConsistentRead: true }),
  );
  return res.Item as { secretSealed: string; previousSecretSealed: string | null };
}

describe("webhook secrets bound to their endpoint id", () => {
  const raw = createWebhookStore(ctx);
  const store = withResealedSecrets(raw, ctx, box);

  it("a row sealed the old way is re-sealed on read: new format, same secrets", async () => {
    const e = endpoint(newId("tenant"), {
      current: sealLegacy("whsec_current"),
      previous: sealLegacy("whsec_previous"),
    });
    await raw.createEndpoint(e);
    const read = await store.getEndpoint(e.tenantId, e.id);
    const row = await storedRow(e);
    expect(row.secretSealed).toMatch(/^v2\./);
    expect(row.previousSecretSealed).toMatch(/^v2\./);
    expect(read).toMatchObject({ secretSealed: row.secretSealed, previousSecretSealed: row.previousSecretSealed });
    expect(signingSecrets(read!, box, new Date())).toEqual(["whsec_current", "whsec_previous"]);
    // a second read finds nothing to do
    expect((await store.getEndpoint(e.tenantId, e.id))?.secretSealed).toBe(row.secretSealed);
  });

  it("lists re-seal too", async () => {
    const tenantId = newId("tenant");
    const e = endpoint(tenantId, { current: sealLegacy("whsec_listed"), previous: null });
    await raw.createEndpoint(e);
    const [listed] = (await store.listEndpoints(tenantId, { limit: 10 })).items;
    expect(listed?.secretSealed).toMatch(/^v2\./);
    expect((await storedRow(e)).secretSealed).toBe(listed?.secretSealed);
    expect(box.open(listed!.secretSealed, e.id)).toBe("whsec_listed");
    const [all] = await store.allEndpoints(tenantId);
    expect(all?.secretSealed).toBe(listed?.secretSealed);
  });

  it("a sealed secret moved to another endpoint's row fails to open", async () => {
    const tenantId = newId("tenant");
    const original = endpoint(tenantId, { current: "", previous: null });
    original.secretSealed = box.seal("whsec_bound", original.id);
    await raw.createEndpoint(original);
    const moved = { ...endpoint(tenantId, { current: original.secretSealed, previous: null }) };
    await raw.createEndpoint(moved);
    const read = await store.getEndpoint(tenantId, moved.id);
    expect(read?.secretSealed).toBe(original.secretSealed);
    expect(() => signingSecrets(read!, box, new Date())).toThrow();
    expect(box.open(original.secretSealed, original.id)).toBe("whsec_bound");
  });

  it("a tampered sealed value fails to open", () => {
    const id = newId("webhook");
    const sealed = box.seal("whsec_x", id);
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}A`;
    expect(() => box.open(tampered, id)).toThrow();
  });
});
