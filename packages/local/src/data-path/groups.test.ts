import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../runtime";
import { apiOf, newSession, newTenant, startTestRuntime, waitFor, type Tenant } from "./test-kit";

const MEMBER = "4915112340001";

/**
 * Groups on the local stack: API → control → owner's inbox → a real fleet worker (real
 * Baileys) → the simulator, and back through Events.fifo into the stored groups, chats and
 * messages. Members act through the simulator's admin API.
 */
describe("groups with a fleet worker and the simulator", () => {
  let rt: LocalRuntime;
  let t: Tenant;
  let sessionId: string;
  let phone: string;
  const api = () => apiOf(rt);
  const get = async (path: string) => (await api().call("GET", path, { key: t.key })).body;
  const call = (method: string, path: string, json?: unknown) =>
    api().call(method, `/v1/sessions/${sessionId}${path}`, { key: t.key, ...(json ? { json } : {}) });
  const sim = (method: string, path: string, json?: unknown) =>
    fetch(`${rt.sim!.adminUrl}${path}`, { method, ...(json ? { body: JSON.stringify(json) } : {}) });

  beforeAll(async () => {
    rt = await startTestRuntime({ sim: true, workers: 1 });
    t = await newTenant(rt, "groups");
    sessionId = await newSession(rt, t);
    phone = (await get("/v1/demo")).phones[0].id;
    await call("POST", "/connect", { method: "qr" });
    const qr = await waitFor("a QR", async () => (await get(`/v1/sessions/${sessionId}/qr`))?.qr as string, 60_000);
    await api().call("POST", `/v1/demo/phones/${phone}/scan`, { key: t.key, json: { qr } });
    await waitFor("open", async () => (await get(`/v1/sessions/${sessionId}`)).status === "open", 60_000);
  }, 150_000);
  afterAll(async () => {
    await rt?.stop();
  }, 60_000);

  it("creates a group by API, lists it with subject and member count, and stores a member's message with its author", async () => {
    const created = await call("POST", "/groups", { subject: "Shop team", participants: [`+${MEMBER}`] });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const jid = created.body.jid as string;
    expect(created.body).toMatchObject({ subject: "Shop team", participantCount: 2 });

    const listed = await waitFor("the group in the list", async () => {
      const groups = (await call("GET", "/groups")).body.data as Array<{ jid: string; participantCount: number }>;
      return groups.find((g) => g.jid === jid);
    });
    expect(listed.participantCount).toBe(2);
    const chat = await waitFor("the group's chat", async () =>
      ((await call("GET", "/chats")).body.data as Array<{ jid: string; group: unknown }>).find((c) => c.jid === jid),
    );
    expect(chat.group).toEqual({ subject: "Shop team", participantCount: 2 });

    const gid = jid.split("@")[0];
    const post = await sim("POST", `/groups/${gid}/members/${MEMBER}/messages/text`, {
      text: "Opening at 9",
      pushName: "Ana",
    });
    expect(post.status).toBe(202);
    const thread = await waitFor("the member's message", async () => {
      const data = (await call("GET", `/chats/${jid}/messages`)).body.data as Array<Record<string, unknown>>;
      return data.find((m) => m.direction === "in");
    });
    expect(thread).toMatchObject({ pushName: "Ana", content: { kind: "text", text: "Opening at 9" } });
    expect(thread.from).toMatch(/@lid$/);
    // the member is known by a LID, and WhatsApp told their number with it
    expect(thread.fromPhone).toBe(MEMBER);

    const sent = await call("POST", "/messages", { to: jid, type: "text", text: "See you there" });
    expect(sent.status).toBe(202);
    await waitFor("sent to the group", async () => {
      const m = (await call("GET", `/messages/${sent.body.id}`)).body;
      return m.status === "sent" || m.status === "delivered" ? m : null;
    });
  }, 60_000);

  it("changes a group through the API and follows a member's changes; not an admin is a 403 with the word", async () => {
    const created = await call("POST", "/groups", { subject: "Deliveries", participants: [MEMBER] });
    const jid = created.body.jid as string;
    const gid = jid.split("@")[0];
    const added = await call("POST", `/groups/${jid}/participants`, { action: "add", participants: ["4915112340002"] });
    expect(added.body.results).toMatchObject([{ phone: "4915112340002", result: "ok" }]);
    const patched = await call("PATCH", `/groups/${jid}`, { subject: "Deliveries (north)", announce: true });
    expect(patched.body).toMatchObject({ subject: "Deliveries (north)", announce: true });
    const invite = await call("GET", `/groups/${jid}/invite`);
    expect(invite.body.link).toMatch(/^https:\/\/chat\.whatsapp\.com\//);

    // a member (the creator's rights are the account's; make the member admin first) renames it
    await call("POST", `/groups/${jid}/participants`, { action: "promote", participants: [MEMBER] });
    expect((await sim("PUT", `/groups/${gid}/subject`, { actor: MEMBER, subject: "North" })).status).toBe(200);
    await waitFor("the new subject stored", async () => {
      const g = (await call("GET", `/groups/${jid}?stored=true`)).body;
      return g.subject === "North" ? g : null;
    });

    const theirs = await sim("POST", "/groups", { creator: MEMBER, subject: "Theirs", members: [phone] });
    const foreign = (await theirs.json()) as { jid: string };
    await waitFor("joined their group", async () =>
      ((await call("GET", "/groups")).body.data as Array<{ jid: string }>).some((g) => g.jid === foreign.jid),
    );
    const refused = await call("POST", `/groups/${foreign.jid}/participants`, {
      action: "remove",
      participants: [MEMBER],
    });
    expect([refused.status, refused.body.error.details[0].code]).toEqual([403, "not_admin"]);
    const left = await call("POST", `/groups/${foreign.jid}/leave`);
    expect(left.body).toEqual({ jid: foreign.jid, left: true });
    await waitFor("left groups are not listed", async () =>
      ((await call("GET", "/groups")).body.data as Array<{ jid: string }>).every((g) => g.jid !== foreign.jid),
    );
    const unknown = await call("GET", "/groups/120363000000000001@g.us");
    expect([unknown.status, unknown.body.error.details[0].code]).toEqual([404, "group_not_found"]);
  }, 60_000);
});
