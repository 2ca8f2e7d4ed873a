import { EventEmitter } from "node:events";
import type { WASocket } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { ActionAcks, refusalCode } from "./action-acks";

const socket = () => ({ ws: new EventEmitter() }) as unknown as Pick<WASocket, "ws"> & { ws: EventEmitter };
const ack = (attrs: Record<string, string>) => ({ tag: "ack", attrs: { class: "message", ...attrs } });

describe("ActionAcks", () => {
  it("settles a stanza by the server's ack: taken, or refused with its error", async () => {
    const acks = new ActionAcks();
    const sock = socket();
    const stop = acks.watch(sock);
    const taken = acks.expect("S1", 5_000);
    const refused = acks.expect("S2", 5_000);
    expect(acks.owns("S1")).toBe(true);
    sock.ws.emit("CB:ack,class:message", ack({ id: "OTHER" }));
    sock.ws.emit("CB:ack,class:message", ack({ id: "S1" }));
    sock.ws.emit("CB:ack,class:message", ack({ id: "S2", error: "406" }));
    expect(await taken.settled).toEqual({ ok: true });
    expect(await refused.settled).toEqual({ ok: false, error: "406" });
    // an echo Baileys emits after the ack still belongs to the sender
    expect(acks.owns("S1")).toBe(true);
    expect(acks.owns("OTHER")).toBe(false);
    stop();
    expect(sock.ws.listenerCount("CB:ack,class:message")).toBe(0);
  });

  it("times out a stanza nobody acks, and forgets judged stanzas beyond its window", async () => {
    const acks = new ActionAcks();
    expect(await acks.expect("LOST", 20).settled).toEqual({ ok: false, timeout: true });
    for (let i = 0; i < 100; i++) acks.expect(`X${i}`, 5_000).cancel();
    expect(acks.owns("LOST")).toBe(false);
    expect(acks.owns("X99")).toBe(true);
  });

  it("maps the simulator's refusal codes per verb", () => {
    expect(refusalCode("406", "edit")).toBe("edit_window_expired");
    expect(refusalCode("406", "delete")).toBe("delete_window_expired");
    expect(refusalCode("403", "delete")).toBe("not_own_message");
    expect(refusalCode("405", "edit")).toBe("not_editable");
    expect(refusalCode("404", "reaction")).toBe("target_not_found");
    expect(refusalCode("479", "edit")).toBe("whatsapp_refused");
  });
});
