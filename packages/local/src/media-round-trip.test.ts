import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiOf } from "./data-path/test-kit";
import { README_URL, readmeScript, readmeSections, runBash, startReadmeRuntime, stopReadmeRuntime } from "./readme-kit";
import type { LocalRuntime } from "./runtime";

/**
 * The README's media round trip, run as written: it continues the demo tour's shell (the
 * session `$S`, the phone, `$H` and `json`), so both sections' blocks run in one bash against
 * a runtime in memory with the simulator, fauxqs S3 and a fleet worker. Its two downloads must
 * print "same bytes", and the contact's phone must hold the same bytes as the upload; then the
 * suite checks the phone's copy through the simulator's own admin API too, and that the
 * contact's image is stored as a reply with its hash.
 */
describe("README media round trip", () => {
  const sections = readmeSections();
  let rt: LocalRuntime;
  let cwd: string;
  let started: Awaited<ReturnType<typeof startReadmeRuntime>> | undefined;

  beforeAll(async () => {
    started = await startReadmeRuntime("wharf-readme-media-");
    ({ rt, cwd } = started);
  }, 180_000);

  afterAll(() => stopReadmeRuntime(started));

  it("runs the demo tour and then the media blocks as written; both files come back as the same bytes", async () => {
    const script = [
      readmeScript(sections, "Demo tour with the WhatsApp simulator"),
      readmeScript(sections, "Media round trip"),
    ]
      .join("\n")
      .replaceAll(README_URL, rt.url);
    const { code, output } = await runBash(script, cwd, 150_000);
    expect(code, output).toBe(0);
    // `cmp … && echo` does not stop bash -e when cmp fails, so count the confirmations
    expect(output.match(/^same bytes$/gm), output).toHaveLength(2);
    expect(output.match(/^same bytes on the contact's phone$/gm), output).toHaveLength(1);

    const api = apiOf(rt);
    const key = rt.demo!.apiKey;
    const sessions = (await api.call("GET", "/v1/sessions", { key })).body.data as Array<{ id: string }>;
    expect(sessions).toHaveLength(1);
    const chat = await api.call("GET", `/v1/sessions/${sessions[0]!.id}/chats/4915112345678/messages?limit=100`, {
      key,
    });
    const messages = chat.body.data as Array<{
      id: string;
      direction: string;
      waMessageId: string;
      content: Record<string, unknown>;
    }>;
    const sent = messages.find((m) => m.direction === "out" && m.content.kind === "image");
    const got = messages.find((m) => m.direction === "in" && m.content.kind === "image");
    expect(sent, JSON.stringify(messages)).toBeDefined();
    expect(got, JSON.stringify(messages)).toBeDefined();

    // outbound: the phone's contact decrypted (and verified) the very file the tour uploaded
    const phone = (await api.call("GET", "/v1/demo", { key })).body.phones[0].id as string;
    const onPhone = await fetch(`${rt.sim!.adminUrl}/accounts/${phone}/received/${sent!.waMessageId}/media`);
    expect(onPhone.status).toBe(200);
    const received = (await onPhone.json()) as { base64: string; mimetype: string };
    expect(Buffer.from(received.base64, "base64").equals(readFileSync("/tmp/receipt.png"))).toBe(true);
    expect(received.mimetype).toBe("image/png");

    // inbound: the contact's file, stored with its hash, as a reply to the tour's image
    const parcel = readFileSync("/tmp/parcel.png");
    expect(got!.content).toMatchObject({
      kind: "image",
      caption: "It came like this",
      mimetype: "image/png",
      size: parcel.length,
      sha256: createHash("sha256").update(parcel).digest("base64"),
      quoted: { waMessageId: sent!.waMessageId, messageId: sent!.id },
    });
  }, 180_000);
});
