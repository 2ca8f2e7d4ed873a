import type { WASocket } from "@whiskeysockets/baileys";
import { DEFAULT_PACING, type OutboundContent, type SendMessageCommand } from "@wharf/contracts";
import { InMemoryMediaObjects } from "@wharf/core/testing";
import { createPinnedHttp } from "@wharf/aws";
import { describe, expect, it } from "vitest";
import { OutboundSender } from "./outbound";

const U = "01JGZ8X7Y3M4N5P6Q7R8S9T0VW";

function command(content: OutboundContent): SendMessageCommand {
  return {
    id: `cmd_${U}`,
    type: "message.send",
    v: 1,
    tenantId: `ten_${U}`,
    sessionId: `ses_${U}`,
    epoch: 1,
    at: "2030-01-01T00:00:00.000Z",
    data: { messageId: `msg_${U}`, to: "4915112345678@s.whatsapp.net", content },
  };
}

/** What the socket was asked, in order: presence updates, pauses and sends. */
async function trace(content: OutboundContent, typingSimulation: boolean) {
  const calls: string[] = [];
  const objects = new InMemoryMediaObjects();
  await objects.put("voice", Buffer.from("ogg"), "audio/ogg");
  const socket = {
    sendMessage: async (_jid: string, c: Record<string, unknown>) => {
      calls.push(`send:${Object.keys(c)[0]}`);
      return { message: {} };
    },
    sendPresenceUpdate: async (state: string) => void calls.push(`presence:${state}`),
  } as unknown as WASocket;
  const sender = new OutboundSender(
    {
      socket: () => socket,
      isOpen: () => true,
      now: () => new Date("2030-01-01T00:00:01.000Z"),
      emit: () => undefined,
      onMessage: () => undefined,
      sleep: async (ms) => {
        calls.push(`wait:${ms}`);
        return true;
      },
      media: { objects, http: createPinnedHttp({ allowPrivateTargets: false }), urlTimeoutMs: 1_000 },
    },
    { ...DEFAULT_PACING, typingSimulation },
  );
  await sender.send(command(content));
  return calls;
}

const voice: OutboundContent = {
  type: "audio",
  voiceNote: true,
  media: { kind: "upload", mediaId: `med_${U}`, key: "voice", mimetype: "audio/ogg", size: 3 },
};

describe("typing simulation (DESIGN §4)", () => {
  it("shows composing for a moment that grows with the text, then pauses and sends", async () => {
    expect(await trace({ type: "text", text: "hello" }, true)).toEqual([
      "presence:composing",
      "wait:200",
      "presence:paused",
      "send:text",
    ]);
    const long = await trace({ type: "text", text: "x".repeat(1000) }, true);
    expect(long[1]).toBe("wait:4000");
  });

  it("shows recording before a voice note, nothing before other kinds", async () => {
    expect(await trace(voice, true)).toEqual(["presence:recording", "wait:2000", "presence:paused", "send:audio"]);
    expect(await trace({ type: "location", latitude: 1, longitude: 2 }, true)).toEqual(["send:location"]);
  });

  it("sends at once when the session does not simulate typing", async () => {
    expect(await trace({ type: "text", text: "hello" }, false)).toEqual(["send:text"]);
    expect(await trace(voice, false)).toEqual(["send:audio"]);
  });
});
