import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { apiOf, newSession, newTenant, silent, type Tenant, waitFor } from "../data-path/test-kit";
import { type LocalRuntime, startLocalRuntime } from "../runtime";
import { phoneOwnersPath, simStatePath } from "./sim-files";

const CONTACT = "4915112345678";
const dataDir = mkdtempSync(join(tmpdir(), "wharf-sim-restart-"));
let runs = 0;

/** `npm start -- --sim` on the shared emulators, with one worker; the same data dir every time. */
function start(): Promise<LocalRuntime> {
  const stack = inject("wharfStack");
  return startLocalRuntime({
    port: 0,
    realtimePort: 0,
    dataDir,
    tableName: stack.tableName,
    region: stack.region,
    emulators: { dynamoEndpoint: stack.dynamoEndpoint, sqsEndpoint: stack.sqsEndpoint },
    // new queues on every start, as the in-process fauxqs of `npm start` has: only DynamoDB
    // (and the data dir) carry over
    queuePrefix: `simrs${process.pid}x${++runs}x${Date.now().toString(36)}`,
    logger: silent,
    pollerConcurrency: 2,
    sim: true,
    workers: 1,
    workerLogLevel: "warn",
  });
}

describe("sim mode across a restart of the runtime", () => {
  let rt: LocalRuntime | undefined;
  afterAll(async () => {
    await rt?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("keeps the virtual phone linked: the session comes back open and messages decrypt both ways", async () => {
    rt = await start();
    const t: Tenant = await newTenant(rt, "sim-restart");
    const sessionId = await newSession(rt, t);
    const api = () => apiOf(rt!);
    const get = async (path: string) => (await api().call("GET", path, { key: t.key })).body;
    const post = (path: string, json: unknown) => api().call("POST", path, { key: t.key, json });
    const phone = (await get("/v1/demo")).phones[0].id as string;
    const status = async () => (await get(`/v1/sessions/${sessionId}`)).status as string;
    /** the contact's messages as the session stored them (decrypted) */
    const inbound = async () =>
      (
        ((await get(`/v1/sessions/${sessionId}/chats/${CONTACT}/messages`)).data ?? []) as Array<{
          text: string;
          direction: string;
        }>
      )
        .filter((m) => m.direction === "in")
        .map((m) => m.text)
        .sort();
    const sendAndAwaitDelivery = async (text: string) => {
      const sent = await post(`/v1/sessions/${sessionId}/messages`, { to: `+${CONTACT}`, type: "text", text });
      expect(sent.status).toBe(202);
      await waitFor(
        `"${text}" delivered`,
        async () => (await get(`/v1/sessions/${sessionId}/messages/${sent.body.id}`)).status === "delivered",
        60_000,
      );
      const received = (await fetch(`${rt!.sim!.adminUrl}/accounts/${phone}/received`).then((r) => r.json())) as {
        messages: Array<{ text?: string }>;
      };
      expect(received.messages.map((m) => m.text)).toContain(text);
    };

    // link, and one message each way
    expect((await post(`/v1/sessions/${sessionId}/connect`, { method: "qr" })).status).toBe(202);
    const qr = await waitFor(
      "a QR",
      async () => (await get(`/v1/sessions/${sessionId}/qr`))?.qr as string | undefined,
      60_000,
    );
    expect((await post(`/v1/demo/phones/${phone}/scan`, { qr })).status).toBe(200);
    await waitFor("open", async () => (await status()) === "open", 60_000);
    expect((await post(`/v1/demo/phones/${phone}/contacts/${CONTACT}/messages`, { text: "before" })).status).toBe(202);
    await waitFor("the first message stored", async () => (await inbound()).length === 1, 60_000);
    await sendAndAwaitDelivery("reply before");

    // Ctrl-C, then `npm start -- --sim` again with the same data dir
    await rt.stop();
    rt = undefined;
    expect(existsSync(simStatePath(dataDir))).toBe(true);
    expect(existsSync(phoneOwnersPath(dataDir))).toBe(true);
    rt = await start();

    // the tenant still owns its phone, which is still linked, and the session logs in again
    expect((await get("/v1/demo")).phones).toEqual([expect.objectContaining({ id: phone, linked: true })]);
    const reopened = await waitFor(
      "open again",
      async () => {
        const s = await get(`/v1/sessions/${sessionId}`);
        return s.status === "open" ? s : null;
      },
      90_000,
    );
    expect(reopened).toMatchObject({ phone, owner: rt.workers[0]!.workerId });
    expect((await post(`/v1/demo/phones/${phone}/contacts/${CONTACT}/messages`, { text: "after" })).status).toBe(202);
    await waitFor("the second message stored", async () => (await inbound()).length === 2, 60_000);
    expect(await inbound()).toEqual(["after", "before"]);
    await sendAndAwaitDelivery("reply after");
  }, 300_000);
});
