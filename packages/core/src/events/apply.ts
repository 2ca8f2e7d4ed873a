import type {
  ContactsUpsertEvent,
  EventLogEntry,
  FleetEvent,
  MessageReceivedEvent,
  MessageStatusEvent,
  RealtimeFrame,
  WebhookPayload,
} from "@wharf/contracts";
import type { Clock } from "../clock";
import { newId } from "../ids";
import type { BlobStore } from "../media/ports";
import { presentMessage } from "../messages/present";
import type { ContactStore, MessageStore } from "../messages/ports";
import { contentText, type MessageRecord } from "../messages/records";
import type { SessionStore } from "../sessions/ports";
import type { SessionLinkStore } from "../session-control/ports";
import { applyGroupEvent } from "../groups/apply";
import type { GroupStore } from "../groups/ports";
import { applyOperationCompleted } from "../operations/apply-completed";
import type { OperationStore } from "../operations/ports";
import { messageFailedEntry } from "../event-log/entries";
import type { TenantEventStore } from "../event-log/ports";
import { frameFor, payloadFor, statusFrameData } from "./frames";
import type { EventLog, FleetStatsRecorder, SessionProjection } from "./ports";
import { applySessionEvent } from "./apply-session";
import {
  applyActionFailed,
  applyPresence,
  applyReceivedReaction,
  applyUpdated,
  attachOwnReaction,
} from "./apply-message-changes";

/**
 * The events consumer (DESIGN §1): applies one fleet event to the projections,
 * then fans a frame out and enqueues webhook deliveries. Idempotent: an applied event is
 * marked, so its redelivery changes nothing; every step before the mark is itself safe to
 * repeat (unique message ids, forward-only statuses, deterministic delivery ids, frames
 * deduplicated by id), so a crash half-way is finished by the redelivery.
 * Message events skip the marker read: their own conditional write (unique message, forward-
 * only status, both stamped with the event id) says whether this event was seen before, and
 * only then is the marker read to tell a finished event from one a crash interrupted.
 * Their marker is still written: a crash between the message's write and its frame or webhook
 * leaves the write "repeated" for the redelivery, and only a missing marker says the effects
 * are still owed (without it the redelivery must either re-post every frame and re-enqueue
 * never-attempted jobs, or drop what the crash cut off; the marker is one call per batch).
 */
export interface ApplyDeps {
  sessions: SessionStore;
  projection: SessionProjection;
  links: SessionLinkStore;
  messages: MessageStore;
  contacts: ContactStore;
  events: EventLog;
  stats: FleetStatsRecorder;
  /** the tenant's event log (`GET /v1/events`): one entry for each event worth showing there */
  eventLog: TenantEventStore;
  /** realtime fan-out; failures here are logged by the caller's publisher, never thrown */
  publish: (frame: RealtimeFrame) => Promise<void>;
  /** webhook deliveries (the events consumer sends a batch's together after it); a failure fails the event so it is retried */
  dispatch: (payload: WebhookPayload) => Promise<void>;
  /** the media bucket: messages with a stored file carry a presigned GET minted here */
  blobs?: BlobStore | undefined;
  /** session operations' records: `operation.completed` settles them (absent: ignored) */
  operations?: OperationStore | undefined;
  /** groups' metadata (and their chats' subject and member count); absent: group events are only framed and webhooked */
  groups?: GroupStore | undefined;
  clock: Clock;
}

export type ApplyOutcome = "applied" | "duplicate" | "stale" | "session_missing" | "ignored";

export interface Effects {
  frames: RealtimeFrame[];
  payloads: WebhookPayload[];
  /** at most one per event: session status changes, instability, failed sends and actions */
  log: EventLogEntry[];
  /** the projection write found this very event's earlier write (a redelivery) */
  repeated?: boolean;
}

/** Events whose projection write is itself conditional on the event being new. */
function guardsItself(event: FleetEvent): boolean {
  return event.type === "message.received" || event.type === "message.status";
}

export async function applyEvent(deps: ApplyDeps, event: FleetEvent): Promise<ApplyOutcome> {
  const guarded = guardsItself(event);
  if (!guarded && (await deps.events.isApplied(event.tenantId, event.sessionId, event.id))) return "duplicate";
  const effects: Effects = { frames: [], payloads: [], log: [] };
  const outcome = await project(deps, event, effects);
  if (guarded && effects.repeated && (await deps.events.isApplied(event.tenantId, event.sessionId, event.id)))
    return "duplicate";
  // frames are hints posted side by side; webhook deliveries keep the event's order
  await Promise.all(effects.frames.map((frame) => deps.publish(frame)));
  for (const payload of effects.payloads) await deps.dispatch(payload);
  // idempotent (keyed by event id and time), so a redelivery after a crash rewrites the same entry
  for (const entry of effects.log) await deps.eventLog.append(event.tenantId, entry);
  await deps.events.markApplied(event.tenantId, event.sessionId, event.id, event.type, deps.clock.now());
  return outcome;
}

async function project(deps: ApplyDeps, event: FleetEvent, fx: Effects): Promise<ApplyOutcome> {
  switch (event.type) {
    case "session.status":
    case "session.qr":
    case "session.pairing_code":
    case "session.unstable":
      return applySessionEvent(deps, event, fx);
    case "message.received":
      return applyReceived(deps, event, fx);
    case "message.status":
      return applyMessageStatus(deps, event, fx);
    case "contacts.upsert":
      return applyContacts(deps, event, fx);
    case "message.updated":
      return applyUpdated(deps, event, fx);
    case "chat.presence":
      return applyPresence(deps, event, fx);
    case "message.action_failed":
      return applyActionFailed(deps, event, fx);
    case "operation.completed":
      return applyOperationCompleted(deps.operations, event, deps.clock.now().toISOString());
    case "group.joined":
    case "group.participants_added":
    case "group.participants_removed":
    case "group.participants_promoted":
    case "group.participants_demoted":
    case "group.subject_changed":
    case "group.description_changed":
    case "group.settings_changed":
    case "group.left":
      return applyGroupEvent(deps, event, fx);
  }
}

async function applyReceived(deps: ApplyDeps, event: MessageReceivedEvent, fx: Effects): Promise<ApplyOutcome> {
  const d = event.data;
  if (d.content.kind === "reaction") {
    if (!(await deps.sessions.get(event.tenantId, event.sessionId))) return "session_missing";
    return applyReceivedReaction(deps, event, d.content, fx);
  }
  const content = await withQuotedId(deps, event, d.content);
  const now = deps.clock.now().toISOString();
  const record: MessageRecord = {
    id: newId("message", Date.parse(d.sentAt)),
    tenantId: event.tenantId,
    sessionId: event.sessionId,
    chatJid: d.chatJid,
    direction: "in",
    content,
    status: "received",
    failure: null,
    waMessageId: d.waMessageId,
    from: d.senderJid,
    fromPhone: d.senderPhone,
    pushName: d.pushName,
    timestamp: d.sentAt,
    createdAt: now,
    updatedAt: now,
    eventId: event.id,
  };
  const oneToOne = !d.chatJid.endsWith("@g.us");
  const stored = await deps.messages.recordInbound(record, {
    jid: d.chatJid,
    at: d.sentAt,
    text: contentText(content),
    direction: "in",
    name: oneToOne ? d.pushName : null,
    phone: oneToOne ? d.senderPhone : null,
  });
  // the store checks the session in the message's own write: no session read before it
  if (!stored) return "session_missing";
  // Same WhatsApp message from another event (a re-sent copy): already announced.
  if (!stored.inserted && stored.message.eventId !== event.id) return "ignored";
  fx.repeated = !stored.inserted;
  const message = await presentMessage(deps, stored.message);
  fx.frames.push(frameFor(event, "message:new", message));
  fx.payloads.push(payloadFor(event, message));
  return "applied";
}

async function applyMessageStatus(deps: ApplyDeps, event: MessageStatusEvent, fx: Effects): Promise<ApplyOutcome> {
  const d = event.data;
  if (!d.messageId) return "ignored"; // not sent through Wharf
  const failure = d.failure ? { code: d.failure.code, message: d.failure.message } : null;
  const res = await deps.messages.advanceStatus(event.tenantId, event.sessionId, d.messageId, {
    status: d.status,
    failure,
    waMessageId: d.waMessageId,
    at: event.at,
    eventId: event.id,
  });
  if (!res) return "ignored";
  // a late or repeated status changes nothing, unless this very event made the change before
  if (!res.changed && res.message.eventId !== event.id) return "ignored";
  fx.repeated = !res.changed;
  const data = statusFrameData(res.message);
  fx.frames.push(frameFor(event, "message:status", data));
  fx.payloads.push(payloadFor(event, data));
  if (res.message.status === "failed") fx.log.push(messageFailedEntry(event, res.message));
  if (res.message.status === "sent") await attachOwnReaction(deps, event, res.message, fx);
  return "applied";
}

/** A reply names the quoted message by WhatsApp's id; Wharf's id is added when it is stored. */
async function withQuotedId<C extends MessageReceivedEvent["data"]["content"]>(
  deps: ApplyDeps,
  event: MessageReceivedEvent,
  content: C,
): Promise<C> {
  if (!("quoted" in content) || !content.quoted || content.quoted.messageId) return content;
  const q = content.quoted;
  const known = await deps.messages.findByWaMessageId(
    event.tenantId,
    event.sessionId,
    event.data.chatJid,
    q.waMessageId,
  );
  return known ? { ...content, quoted: { ...q, messageId: known.id as typeof q.messageId } } : content;
}

async function applyContacts(deps: ApplyDeps, event: ContactsUpsertEvent, fx: Effects): Promise<ApplyOutcome> {
  if (!(await deps.sessions.get(event.tenantId, event.sessionId))) return "session_missing";
  await deps.contacts.upsert(event.tenantId, event.sessionId, event.data.contacts, deps.clock.now().toISOString());
  fx.payloads.push(payloadFor(event, { contacts: event.data.contacts }));
  return "applied";
}
