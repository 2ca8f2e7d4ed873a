import { DisconnectReason } from "@whiskeysockets/baileys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorRootPublicKey } from "../root-key";
import type { Simulator } from "../simulator";
import { connectClient, createTrustedSimulator, type SimClient } from "../testing";

let sim: Simulator;
const clients: SimClient[] = [];

beforeAll(async () => {
  sim = await createTrustedSimulator();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await sim.close();
});

const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
  const res = await fetch(`${sim.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
};

describe("admin HTTP API", () => {
  it("serves the root key clients must trust (the fixed-seed default)", async () => {
    const { status, json } = await call("GET", "/root-key");
    expect(status).toBe(200);
    expect(json.publicKey).toBe(simulatorRootPublicKey().toString("hex"));
  });

  it("scripts a whole demo: account, QR scan, inbound text, reply, read receipt, disconnect", async () => {
    const created = await call("POST", "/accounts", { phone: "4930123456", name: "Demo" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: "4930123456", jid: "4930123456@s.whatsapp.net", linked: false });

    const first = connectClient({ url: sim.url });
    clients.push(first);
    const scan = await call("POST", "/accounts/4930123456/scan", { qr: await first.waitForQr() });
    expect(scan).toMatchObject({ status: 200, json: { linked: true } });
    expect(await first.waitForClose()).toBe(DisconnectReason.restartRequired);
    const client = connectClient({ url: sim.url, auth: first.auth });
    clients.push(client);
    await client.waitForOpen();

    const sent = await call("POST", "/accounts/4930123456/contacts/4915700000001/messages", {
      text: "Moin!",
      pushName: "Jan",
    });
    expect(sent.status).toBe(202);
    const upsert = await client.waitForMessage((u) => u.message.key.id === sent.json.id);
    expect(upsert.message.message?.conversation).toBe("Moin!");

    const reply = await client.sock.sendMessage("4915700000001@s.whatsapp.net", { text: "Moin zurück" });
    await expect.poll(async () => (await call("GET", "/accounts/4930123456/received")).json.messages.length).toBe(1);
    const read = await call("POST", "/accounts/4930123456/receipts", { type: "read", messageIds: [reply!.key.id] });
    expect(read.json).toEqual({ updated: 1 });
    await client.waitForStatus(reply!.key.id!, 4);
    expect((await call("GET", "/accounts/4930123456/inbox")).json.messages[0]).toMatchObject({
      text: "Moin!",
      from: "4915700000001",
    });

    const cut = await call("POST", "/accounts/4930123456/disconnect", { reason: "replaced" });
    expect(cut.json).toEqual({ expectedCode: 440 });
    expect(await client.waitForClose()).toBe(440);
  });

  it("answers bad input with 4xx, a machine code and field details", async () => {
    const bad = await call("POST", "/accounts", { phone: "+49 30 1234" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_body");
    expect(bad.json.error.details[0].path).toBe("phone");
    expect((await call("POST", "/accounts", "{not json")).json.error.code).toBe("invalid_body");
    expect((await call("POST", "/accounts", { extra: 1 })).status).toBe(400);
    expect((await call("GET", "/accounts/123456789")).json.error.code).toBe("account_not_found");
    const acc = (await call("POST", "/accounts", {})).json;
    const dup = await call("POST", "/accounts", { phone: acc.phone });
    expect(dup).toMatchObject({ status: 409, json: { error: { code: "phone_taken" } } });
    const fault = await call("POST", `/accounts/${acc.id}/disconnect`, { reason: "explode" });
    expect(fault.status).toBe(400);
    expect((await call("POST", `/accounts/${acc.id}/disconnect`, { reason: "drop" })).json.error.code).toBe(
      "account_offline",
    );
    expect((await call("POST", `/accounts/${acc.id}/pairing-code`, { code: "short" })).json.error.code).toBe(
      "pairing_code_invalid",
    );
    expect((await call("POST", `/accounts/${acc.id}/receipts`, { type: "seen" })).status).toBe(400);
    expect((await call("DELETE", "/accounts")).status).toBe(405);
    expect((await call("GET", "/nothing-here")).status).toBe(404);
  });

  it("restarts the server: the live client drops, the linked device logs in again afterwards", async () => {
    const acc = (await call("POST", "/accounts", {})).json;
    const first = connectClient({ url: sim.url });
    clients.push(first);
    await call("POST", `/accounts/${acc.id}/scan`, { qr: await first.waitForQr() });
    await first.waitForClose();
    const client = connectClient({ url: sim.url, auth: first.auth });
    clients.push(client);
    await client.waitForOpen();

    const closed = client.waitForClose();
    expect((await call("POST", "/restart", { downMs: 200 })).status).toBe(204);
    expect(await closed).toBeDefined();
    expect((await call("GET", `/accounts/${acc.id}`)).json).toMatchObject({ linked: true, online: false });
    const again = connectClient({ url: sim.url, auth: first.auth });
    clients.push(again);
    await again.waitForOpen();
    expect((await call("GET", `/accounts/${acc.id}`)).json.online).toBe(true);
  });

  it("reports stats and changes latency and refusals", async () => {
    const acc = (await call("POST", "/accounts", {})).json;
    expect((await call("PUT", "/latency", { ms: 0 })).status).toBe(204);
    const refused = await call("POST", `/accounts/${acc.id}/refuse-logins`, { code: 403, times: 2 });
    expect(refused.json.refusingLogins).toEqual({ code: 403, remaining: 2 });
    expect((await call("DELETE", `/accounts/${acc.id}/refuse-logins`)).json.refusingLogins).toBeNull();
    const stats = await call("GET", "/stats");
    expect(stats.json).toMatchObject({ accounts: expect.any(Number), process: { rssBytes: expect.any(Number) } });
  });
});
