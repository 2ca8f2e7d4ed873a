import type { MessageActionFailureCode } from "@wharf/contracts";
import type { BinaryNode, WASocket } from "@whiskeysockets/baileys";

/** What the server said about a stanza this session sent: taken, refused with its error, or nothing in time. */
export type ActionAck = { ok: true } | { ok: false; error: string } | { ok: false; timeout: true };

/** `<ack class="message">`: Baileys' own listener (handleBadAck) reads the same frame. */
const ACK_EVENT = "CB:ack,class:message";
/** how many judged stanza ids are remembered (an echo comes within moments of its stanza) */
const JUDGED_KEPT = 64;

/**
 * The server's acks for the edits and deletes this session sends, by stanza id. WhatsApp
 * answers each stanza with `<ack class="message" id …/>`, carrying `error="<code>"` when it
 * refuses it (Baileys only logs that and marks the message ERROR), so the sender waits here
 * for the verdict. Baileys' echo of such a stanza is never reported as a change: the sender
 * reports it once the server took it.
 */
export class ActionAcks {
  private readonly waiting = new Map<string, (ack: ActionAck) => void>();
  /** stanzas judged lately: Baileys' echo may come after the ack (its event buffer) */
  private readonly judged = new Set<string>();

  /** true for a stanza the sender waits on or judged lately: it reports that stanza itself */
  owns(stanzaId: string): boolean {
    return this.waiting.has(stanzaId) || this.judged.has(stanzaId);
  }

  /**
   * Registers the wait before the stanza is sent (the ack may come back at once); `settled`
   * resolves with the server's verdict, or a timeout after `timeoutMs`.
   */
  expect(stanzaId: string, timeoutMs: number): { settled: Promise<ActionAck>; cancel: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const settled = new Promise<ActionAck>((resolve) => {
      const done = (ack: ActionAck) => {
        clearTimeout(timer);
        this.waiting.delete(stanzaId);
        this.judged.add(stanzaId);
        if (this.judged.size > JUDGED_KEPT) this.judged.delete(this.judged.values().next().value as string);
        resolve(ack);
      };
      this.waiting.set(stanzaId, done);
      timer = setTimeout(() => done({ ok: false, timeout: true }), timeoutMs);
      timer.unref?.();
    });
    return { settled, cancel: () => this.waiting.get(stanzaId)?.({ ok: false, timeout: true }) };
  }

  /** Listens to one socket's message acks; returns the function that stops listening. */
  watch(sock: Pick<WASocket, "ws">): () => void {
    const onAck = (node: BinaryNode) => {
      const id = node.attrs.id;
      const done = id ? this.waiting.get(id) : undefined;
      if (!done) return;
      done(node.attrs.error ? { ok: false, error: node.attrs.error } : { ok: true });
    };
    sock.ws.on(ACK_EVENT, onAck);
    return () => void sock.ws.off(ACK_EVENT, onAck);
  }
}

/**
 * WhatsApp's ack error codes for a refused edit or delete → Wharf's code. WhatsApp does not
 * document them; these are the ones the simulator sends (packages/wa-sim messaging/refusals.ts),
 * anything else is `whatsapp_refused` with the code in the reason.
 */
export function refusalCode(error: string, verb: "edit" | "delete" | "reaction"): MessageActionFailureCode {
  switch (error) {
    case "404":
      return "target_not_found";
    case "403":
      return "not_own_message";
    case "405":
      return "not_editable";
    case "406":
      return verb === "edit" ? "edit_window_expired" : verb === "delete" ? "delete_window_expired" : "whatsapp_refused";
    default:
      return "whatsapp_refused";
  }
}

const REASONS: Record<MessageActionFailureCode, string> = {
  session_not_open: "the session is not connected to WhatsApp",
  target_not_found: "WhatsApp knows no such message in this chat",
  not_own_message: "only messages this account sent can be changed",
  not_editable: "only texts can be edited",
  edit_window_expired: "WhatsApp allows edits only within 15 minutes of sending",
  delete_window_expired: "WhatsApp allows delete for everyone only within about 2 days of sending",
  whatsapp_refused: "WhatsApp refused it",
  timeout: "WhatsApp did not confirm it in time; it may or may not have been applied",
  send_failed: "the connection could not send it",
};

/** A readable reason for a failure code, with what was refused and (when given) the detail. */
export function actionReason(code: MessageActionFailureCode, what: string, detail?: string): string {
  const reason = `${what} not done: ${REASONS[code]}`;
  return (detail ? `${reason} (${detail})` : reason).slice(0, 1000);
}
