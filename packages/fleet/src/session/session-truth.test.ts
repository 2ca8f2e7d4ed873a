import { randomBytes } from "node:crypto";
import { AuthStateKeyring, DynamoAuthStateStore } from "@wharf/aws";
import { useTestStack } from "@wharf/aws/testing";
import { initAuthCreds } from "@whiskeysockets/baileys";
import { createTrustedSimulator } from "@wharf/wa-sim/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetHarness } from "../testing/harness";
import { linkSessionByQr } from "../testing/linking";
import { baileysCodec } from "./baileys-auth";

/** Real Baileys against the simulator: `open` means an account, bad creds become a fresh link. */
const stack = useTestStack();
let sim: Awaited<ReturnType<typeof createTrustedSimulator>>;
let h: FleetHarness;

beforeAll(async () => {
  sim = await createTrustedSimulator();
  h = await FleetHarness.create(stack, stack, { simUrl: sim.url });
  await h.startWorker();
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

type Status = { status: string; phone: string | null; disconnect: { reason: string; message: string } | null };
const statuses = (sessionId: string) =>
  h.events
    .of(sessionId)
    .filter((e) => e.type === "session.status")
    .map((e) => e.data as Status);

/** A session whose stored creds were written by an earlier owner (lease expired), sealed with `keyring`. */
async function sessionWithStoredCreds(creds: unknown, keyring: AuthStateKeyring = h.keyring) {
  const fence = { owner: "wrk_earlier", epoch: 1 };
  const s = await h.createSession({ lease: { ...fence, leaseUntil: new Date(Date.now() - 60_000).toISOString() } });
  const store = new DynamoAuthStateStore({ ctx: h.ctx, ...s, keyring, codec: baileysCodec, fence: () => fence });
  await store.writeCreds(creds);
  return s;
}

/** The session reports why it links again, shows a QR, and opens with the account once scanned. */
async function expectFreshLinkThenOpen(s: { tenantId: string; sessionId: string }, reason: string) {
  const account = sim.createAccount();
  await h.place(s);
  const told = await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.disconnect?.reason === reason);
  expect(told.data.disconnect?.message).toMatch(/Link the session again|Linking afresh/);
  const open = await linkSessionByQr(h, sim, s, account.id);
  expect(open.data.phone).toBe(account.phone);
  expect(statuses(s.sessionId).filter((x) => x.status === "open")).toHaveLength(1);
}

describe("session truth with real Baileys", () => {
  it("never reports open when the server opens the socket without a linked account, and links afresh", async () => {
    sim.openWithoutAccount(1);
    const s = await h.createSession();
    await expectFreshLinkThenOpen(s, "not_authenticated");
    expect(statuses(s.sessionId).some((x) => x.status === "open" && x.phone === null)).toBe(false);
  });

  it("turns stored creds that name no account (creds.me without id) into a fresh link", async () => {
    const s = await sessionWithStoredCreds({ ...initAuthCreds(), me: { lid: "123456:1@lid" } });
    await expectFreshLinkThenOpen(s, "stored_creds_incomplete");
  });

  it("turns stored creds that cannot be decrypted into a fresh link", async () => {
    const other = new AuthStateKeyring(randomBytes(32));
    const s = await sessionWithStoredCreds(initAuthCreds(), other);
    await expectFreshLinkThenOpen(s, "stored_creds_unreadable");
  });

  it("ends failed with a reason after repeated closes without a status code, and connect recovers", async () => {
    sim.garbleHandshakes(3);
    const s = await h.createSession();
    await h.place(s);
    const failed = await h.events.waitFor(s.sessionId, "session.status", (e) => e.data.status === "failed");
    expect(failed.data.disconnect).toMatchObject({ reason: "connection_crashed", code: null });
    expect(failed.data.disconnect?.message).toMatch(/3 times in a row without a status code/);
    // two immediate retries, not ten with backoff
    expect(statuses(s.sessionId).filter((x) => x.status === "reconnecting")).toHaveLength(2);

    // connect again (what the API does): a fresh link, no logout needed
    const mark = h.events.length;
    await h.sessions.update(s.tenantId, s.sessionId, {
      desiredState: "connected",
      updatedAt: new Date().toISOString(),
    });
    const account = sim.createAccount();
    await h.place(s);
    const open = await linkSessionByQr(h, sim, s, account.id, { after: mark });
    expect(open.data.phone).toBe(account.phone);
  });
});
