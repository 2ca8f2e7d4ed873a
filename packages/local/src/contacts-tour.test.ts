import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiOf } from "./data-path/test-kit";
import { README_URL, readmeScript, readmeSections, runBash, startReadmeRuntime, stopReadmeRuntime } from "./readme-kit";
import type { LocalRuntime } from "./runtime";

/**
 * The README's contacts and profile section, run as written after the demo tour (it uses the
 * tour's session `$S` and phone) against a runtime in memory with the simulator and a fleet
 * worker: every answer comes from real Baileys through the worker, the events consumer and the
 * operation record. Then the error paths on the same stack: a number not on WhatsApp, bad
 * numbers, another tenant.
 */
describe("README contacts and profile", () => {
  const sections = readmeSections();
  let rt: LocalRuntime;
  let cwd: string;
  let started: Awaited<ReturnType<typeof startReadmeRuntime>> | undefined;

  beforeAll(async () => {
    started = await startReadmeRuntime("wharf-readme-contacts-");
    ({ rt, cwd } = started);
  }, 180_000);

  afterAll(() => stopReadmeRuntime(started));

  it("runs the demo tour and the contacts blocks; each answer is WhatsApp's (the simulator's)", async () => {
    const script = [
      readmeScript(sections, "Demo tour with the WhatsApp simulator"),
      readmeScript(sections, "Contacts and profile"),
    ]
      .join("\n")
      .replaceAll(README_URL, rt.url);
    const { code, output } = await runBash(script, cwd, 150_000);
    expect(code, output).toBe(0);
    const ana = "4915112345678@s.whatsapp.net";
    // each curl printed one JSON body per line (key order is the store's, so compare parsed)
    const bodies = output.split("\n").flatMap((l) => {
      try {
        return [JSON.parse(l) as unknown];
      } catch {
        return [];
      }
    });
    for (const body of [
      {
        results: [
          { phone: "4915112345678", onWhatsApp: true, jid: ana },
          { phone: "4915199999999", onWhatsApp: false, jid: null },
        ],
      },
      {
        jid: ana,
        phone: "4915112345678",
        pictureUrl: "https://pics.example/ana.jpg",
        status: "Out for lunch",
        statusSetAt: expect.any(String),
      },
      { jid: ana, blocked: true },
      { jids: [ana] },
      { jid: ana, blocked: false },
      { jid: ana, subscribed: true },
    ])
      expect(bodies, output).toContainEqual(body);

    const api = apiOf(rt);
    const key = rt.demo!.apiKey;
    const sessionId = ((await api.call("GET", "/v1/sessions", { key })).body.data as Array<{ id: string }>)[0]!.id;
    const profile = await api.call("GET", `/v1/sessions/${sessionId}/profile`, { key });
    expect(profile.status).toBe(200);
    expect(profile.body.jid).toMatch(/@s\.whatsapp\.net$/);

    const absent = await api.call("GET", `/v1/sessions/${sessionId}/contacts/4915199999999`, { key });
    expect([absent.status, absent.body.error.details?.[0]?.code]).toEqual([404, "not_on_whatsapp"]);
    const bad = await api.call("POST", `/v1/sessions/${sessionId}/contacts/check`, { key, json: { phones: ["0151"] } });
    expect([bad.status, bad.body.error.details?.[0]?.path]).toEqual([400, "body.phones.0"]);
    const other = (await api.call("POST", "/v1/tenants", { key: rt.adminKey, json: { name: "other" } })).body.apiKey
      .secret as string;
    const foreign = await api.call("GET", `/v1/sessions/${sessionId}/blocklist`, { key: other });
    expect(foreign.status).toBe(404);
  }, 180_000);
});
