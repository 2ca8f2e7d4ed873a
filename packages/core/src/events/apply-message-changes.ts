import type {
  ChatPresenceEvent,
  FleetEvent,
  MessageChange,
  MessageActionFailedEvent,
  MessageContent,
  MessageUpdatedEvent,
} from "@wharf/contracts";
import { applyMessageChange } from "../messages/changes";
import { presentMessage } from "../messages/present";
import type { ContentPatch, MessageRecord } from "../messages/records";
import type { ApplyDeps, ApplyOutcome, Effects } from "./apply";
import { derivedId } from "../webhooks/delivery-id";
import { actionFailedEntry } from "../event-log/entries";
import { frameFor, payloadFor } from "./frames";

/** Concurrent changes to one message (a reaction racing an edit): re-read and retry this often. */
const MAX_PATCH_ATTEMPTS = 5;

/**
 * Applies a change to the message WhatsApp's id names and announces the result as
 * `message:updated` / `message.updated`. A message Wharf never stored is left alone. A change
 * that changes nothing is announced only when this very event made it before (a redelivery
 * after a crash), so each change is announced once.
 */
export async function changeMessage(
  deps: ApplyDeps,
  event: FleetEvent,
  target: { chatJid: string; waMessageId: string },
  change: MessageChange,
  fx: Effects,
): Promise<ApplyOutcome> {
  const now = deps.clock.now().toISOString();
  for (let attempt = 1; attempt <= MAX_PATCH_ATTEMPTS; attempt++) {
    const m = await deps.messages.findByWaMessageId(
      event.tenantId,
      event.sessionId,
      target.chatJid,
      target.waMessageId,
    );
    if (!m) return "ignored";
    const patch = applyMessageChange(m, change, now);
    if (!patch) {
      if (m.changeEventId !== event.id) return "ignored";
      fx.repeated = true;
      return announce(deps, event, m, fx);
    }
    const next: ContentPatch = { ...patch, changeEventId: event.id };
    if (await deps.messages.patchContent(event.tenantId, event.sessionId, m.id, next, m.revision ?? 0))
      return announce(deps, event, { ...m, ...next, revision: (m.revision ?? 0) + 1 }, fx);
  }
  throw new Error(`message ${target.waMessageId} kept changing under ${MAX_PATCH_ATTEMPTS} attempts`);
}

async function announce(deps: ApplyDeps, event: FleetEvent, m: MessageRecord, fx: Effects): Promise<ApplyOutcome> {
  const message = await presentMessage(deps, m);
  fx.frames.push(frameFor(event, "message:updated", message));
  fx.payloads.push(payloadFor(event, message, "message.updated"));
  return "applied";
}

export async function applyUpdated(deps: ApplyDeps, event: MessageUpdatedEvent, fx: Effects): Promise<ApplyOutcome> {
  if (!(await deps.sessions.get(event.tenantId, event.sessionId))) return "session_missing";
  return changeMessage(deps, event, event.data, event.data, fx);
}

/** A reaction that arrived as a message: it attaches to its target instead of being stored. */
export async function applyReceivedReaction(
  deps: ApplyDeps,
  event: FleetEvent & { type: "message.received" },
  content: Extract<MessageContent, { kind: "reaction" }>,
  fx: Effects,
): Promise<ApplyOutcome> {
  const d = event.data;
  const target = { chatJid: d.chatJid, waMessageId: content.targetWaMessageId };
  const change: MessageChange = {
    change: "reaction",
    ...target,
    fromMe: false,
    senderJid: d.senderJid,
    emoji: content.emoji,
    at: d.sentAt,
  };
  return changeMessage(deps, event, target, change, fx);
}

/** Typing and recording: a frame and a webhook, never stored. */
export async function applyPresence(deps: ApplyDeps, event: ChatPresenceEvent, fx: Effects): Promise<ApplyOutcome> {
  if (!(await deps.sessions.get(event.tenantId, event.sessionId))) return "session_missing";
  fx.frames.push(frameFor(event, "chat:presence", event.data));
  fx.payloads.push(payloadFor(event, event.data));
  return "applied";
}

/** Our own reaction, once WhatsApp took it: attached to its target (the sender is this account). */
export async function attachOwnReaction(deps: ApplyDeps, event: FleetEvent, sent: MessageRecord, fx: Effects) {
  if (sent.content.kind !== "reaction") return;
  const target = { chatJid: sent.chatJid, waMessageId: sent.content.targetWaMessageId };
  const change: MessageChange = {
    change: "reaction",
    ...target,
    fromMe: true,
    senderJid: null,
    emoji: sent.content.emoji,
    at: event.at,
  };
  const own: Effects = { frames: [], payloads: [], log: [] };
  await changeMessage(deps, event, target, change, own);
  // the status event's own frame keeps the event id; the target's update gets one derived from it
  const id = derivedId("event", `${event.id}\nreaction`, new Date(event.at));
  fx.frames.push(...own.frames.map((f) => ({ ...f, id })));
  fx.payloads.push(...own.payloads.map((p) => ({ ...p, id })));
}

/**
 * An action WhatsApp did not carry out: kept in the tenant's event log (`GET /v1/events`,
 * type `message.action_failed`), framed and webhooked. The target's Wharf id is filled in
 * when the worker only knew WhatsApp's (reactions, read receipts).
 */
export async function applyActionFailed(
  deps: ApplyDeps,
  event: MessageActionFailedEvent,
  fx: Effects,
): Promise<ApplyOutcome> {
  if (!(await deps.sessions.get(event.tenantId, event.sessionId))) return "session_missing";
  const d = event.data;
  let data = d;
  if (!d.messageId && d.waMessageId) {
    const m = await deps.messages.findByWaMessageId(event.tenantId, event.sessionId, d.chatJid, d.waMessageId);
    if (m) data = { ...d, messageId: m.id as typeof d.messageId };
  }
  fx.frames.push(frameFor(event, "message:action_failed", data));
  fx.payloads.push(payloadFor(event, data));
  fx.log.push(actionFailedEntry(event, data));
  return "applied";
}
