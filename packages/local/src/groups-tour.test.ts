import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiOf, waitFor } from "./data-path/test-kit";
import { README_URL, readmeScript, readmeSections, runBash, startReadmeRuntime, stopReadmeRuntime } from "./readme-kit";
import type { LocalRuntime } from "./runtime";

/**
 * The README's groups section, run as written after the demo tour (it uses the tour's session
 * `$S` and phone) against a runtime in memory with the simulator and a fleet worker: the group
 * is made, changed and left by real Baileys through the worker, and a member's post comes back
 * through the events consumer. Then the refusals on the same stack: an unknown group, a group
 * where the account is no admin, and the demo route for another tenant or a non-member.
 */
describe("README groups", () => {
  const sections = readmeSections();
  let rt: LocalRuntime;
  let cwd: string;
  let started: Awaited<ReturnType<typeof startReadmeRuntime>> | undefined;

  beforeAll(async () => {
    started = await startReadmeRuntime("wharf-readme-groups-");
    ({ rt, cwd } = started);
  }, 180_000);

  afterAll(() => stopReadmeRuntime(started));

  it("runs the demo tour and the groups blocks; each answer is WhatsApp's (the simulator's)", async () => {
    const script = [readmeScript(sections, "Demo tour with the WhatsApp simulator"), readmeScript(sections, "Groups")]
      .join("\n")
      .replaceAll(README_URL, rt.url);
    const { code, output } = await runBash(script, cwd, 150_000);
    expect(code, output).toBe(0);
    const bodies = output.split("\n").flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    const left = bodies.find((b) => b.left === true);
    expect(left, output).toBeDefined();
    const group = left!.jid as string;
    expect(group).toMatch(/@g\.us$/);
    expect(output).toContain("Shop team: 3 members");
    expect(output).toMatch(/^Ana \(4915112345678\): Opening at 9$/m);
    for (const body of [
      { jid: group, subject: "Shop team (north)", participantCount: 3 },
      { results: [expect.objectContaining({ phone: "4915187654321", result: "ok" })] },
      { jid: group, code: expect.any(String), link: expect.stringMatching(/^https:\/\/chat\.whatsapp\.com\//) },
    ])
      expect(bodies, output).toContainEqual(expect.objectContaining(body));

    const api = apiOf(rt);
    const key = rt.demo!.apiKey;
    const sessionId = ((await api.call("GET", "/v1/sessions", { key })).body.data as Array<{ id: string }>)[0]!.id;
    const call = (method: string, path: string, json?: unknown, as = key) =>
      api.call(method, `/v1/sessions/${sessionId}${path}`, { key: as, ...(json ? { json } : {}) });
    // the send to the group is stored in the group's chat, and the group left is no longer listed
    const thread = (await call("GET", `/chats/${group}/messages`)).body.data as Array<Record<string, unknown>>;
    expect(thread.map((m) => [m.direction, m.text])).toEqual(
      expect.arrayContaining([
        ["in", "Opening at 9"],
        ["out", "See you there"],
      ]),
    );
    await waitFor("the left group gone from the list", async () =>
      ((await call("GET", "/groups")).body.data as Array<{ jid: string }>).every((g) => g.jid !== group),
    );

    const unknown = await call("GET", "/groups/120363000000000001@g.us");
    expect([unknown.status, unknown.body.error.details?.[0]?.code]).toEqual([404, "group_not_found"]);

    // a contact's group with the demo phone as a plain member: the account may not remove anyone
    const phone = ((await api.call("GET", "/v1/demo", { key })).body.phones as Array<{ id: string }>)[0]!.id;
    const made = await fetch(`${rt.sim!.adminUrl}/groups`, {
      method: "POST",
      body: JSON.stringify({ creator: "4915112345678", subject: "Theirs", members: [phone, "4915187654321"] }),
    });
    const theirs = ((await made.json()) as { jid: string }).jid;
    await waitFor("their group listed", async () =>
      ((await call("GET", "/groups")).body.data as Array<{ jid: string }>).some((g) => g.jid === theirs),
    );
    const refused = await call("POST", `/groups/${theirs}/participants`, {
      action: "remove",
      participants: ["4915187654321"],
    });
    expect([refused.status, refused.body.error.details?.[0]?.code]).toEqual([403, "not_admin"]);

    // the demo route reaches only the tenant's own phone's groups, and only their members
    const post = (member: string, as = key) =>
      api.call("POST", `/v1/demo/phones/${phone}/groups/${theirs}/members/${member}/messages`, {
        key: as,
        json: { text: "hi" },
      });
    expect((await post("4915187654321")).status).toBe(202);
    expect((await post("4915100000077")).status).toBe(404);
    const other = (await api.call("POST", "/v1/tenants", { key: rt.adminKey, json: { name: "other" } })).body.apiKey
      .secret as string;
    expect((await post("4915187654321", other)).status).toBe(404);
    const doc = (await api.call("GET", "/v1/openapi.json")).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain("/v1/demo/phones/{id}/groups/{groupJid}/members/{phone}/messages");
  }, 180_000);
});
