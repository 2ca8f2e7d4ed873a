import type { FleetCommand, SendAccepted, SendMessageBody } from "@wharf/contracts";
import type { Clock } from "../clock";
import { ConflictError, UnavailableError, WharfError } from "../errors";
import { newId } from "../ids";
import { normalizeRecipient } from "./jid";
import { pacingError } from "../pacing/token-bucket";
import type { SessionRecord, SessionStore } from "../sessions/ports";
import { getSession } from "../sessions/sessions";
import { canSendMessages } from "../sessions/status-machine";
import { buildCommand } from "../session-control/commands";
import { sessionStateError } from "../session-control/control";
import type { CommandRouter } from "../session-control/ports";
import { IDEMPOTENCY_LOCK_MS, requestFingerprint, type IdempotencyRecord, type StoredResponse } from "./idempotency";
import type { DeferredMessageCount } from "../limits/quotas";
import type { AuditRider, IdempotencyStore, MessageStore, PacingLedger, PacingVerdict } from "./ports";
import { type ChatBump, contentText, type MessageRecord } from "./records";
import { type OutboundDeps, type ResolvedOutbound, resolveOutbound } from "./outbound";

export interface SendDeps extends OutboundDeps {
  sessions: SessionStore;
  messages: MessageStore;
  idempotency: IdempotencyStore;
  pacing: PacingLedger;
  commands: CommandRouter;
  clock: Clock;
}

type PacingRefusal = Extract<PacingVerdict, { allowed: false }>;

/**
 * What may ride in the accept's atomic write when the ledger has takeAndRecord (one call
 * each fewer): today's message count (the tenant's quota) and the request's audit entry as
 * accepted. `counted` / `written` say whether they did, so the caller does the rest itself.
 */
export interface SendRiders {
  count?: DeferredMessageCount;
  audit?: { rider: AuditRider; written: boolean };
}

export interface SendResult {
  status: 202;
  body: SendAccepted;
  /** true when this answers a repeated Idempotency-Key with the first response */
  replayed: boolean;
}

/**
 * Accepts a send of any kind (DESIGN §5, §11): checks the session is open, the recipient and
 * content valid (quotes, reaction targets and uploads resolved, see outbound.ts) and pacing not
 * known to be exhausted, stores the message as `queued` and routes the command to the owner.
 * With an Idempotency-Key the first response is replayed for 24 h and nothing is sent twice.
 */
export async function sendMessage(
  deps: SendDeps,
  tenantId: string,
  sessionId: string,
  body: SendMessageBody,
  idempotencyKey?: string,
  riders: SendRiders = {},
): Promise<SendResult> {
  const { count, audit } = riders;
  const now = deps.clock.now();
  let ids = { messageId: newId("message", now.getTime()), commandId: newId("command", now.getTime()) };
  if (idempotencyKey !== undefined) {
    const record: IdempotencyRecord = {
      tenantId,
      key: idempotencyKey,
      fingerprint: requestFingerprint({ sessionId, body }),
      state: "pending",
      ...ids,
      response: null,
      createdAt: now.toISOString(),
      lockedAt: now.toISOString(),
    };
    const begun = await deps.idempotency.begin(record, now);
    if (!begun.created) {
      const prior = begun.existing;
      if (prior.fingerprint !== record.fingerprint) {
        throw new WharfError("conflict", "this Idempotency-Key was used for a different request", {
          details: [
            {
              path: "headers.idempotency-key",
              message: "reused with another body or session",
              code: "idempotency_key_reused",
            },
          ],
        });
      }
      if (prior.state === "done" && prior.response) return replay(prior.response);
      const stale = now.getTime() - Date.parse(prior.lockedAt) >= IDEMPOTENCY_LOCK_MS;
      if (!stale || !(await deps.idempotency.relock(tenantId, idempotencyKey, prior.lockedAt, now))) {
        throw new ConflictError("a request with this Idempotency-Key is still in progress; retry shortly", {
          retryable: true,
        });
      }
      ids = { messageId: prior.messageId, commandId: prior.commandId };
    }
  }

  let session: SessionRecord;
  let to: string;
  let resolved: ResolvedOutbound;
  try {
    session = await getSession(deps, tenantId, sessionId);
    to = normalizeRecipient(body.to, "body.to").jid;
    resolved = await resolveOutbound(deps, tenantId, sessionId, to, body);
    if (!canSendMessages(session.status)) {
      throw sessionStateError(
        "session_not_open",
        session.status,
        "the session is not connected to WhatsApp; connect it and wait for status open",
      );
    }
    if (!deps.pacing.takeAndRecord) {
      await count?.take();
      const verdict = await deps.pacing.take(tenantId, sessionId, session.pacing, now);
      if (!verdict.allowed) throw pacingError(verdict);
    }
  } catch (err) {
    // nothing was stored or sent: the key is free for a corrected retry
    if (idempotencyKey !== undefined) await deps.idempotency.release(tenantId, idempotencyKey);
    throw err;
  }

  const at = now.toISOString();
  const message: MessageRecord = {
    id: ids.messageId,
    tenantId,
    sessionId,
    chatJid: to,
    direction: "out",
    content: resolved.stored,
    status: "queued",
    failure: null,
    waMessageId: null,
    from: null,
    pushName: null,
    timestamp: at,
    createdAt: at,
    updatedAt: at,
    eventId: null,
  };
  const bump: ChatBump = { jid: to, at, text: contentText(resolved.stored), direction: "out", name: null, phone: null };
  if (deps.pacing.takeAndRecord) {
    // one atomic write: the pacing token and the queued message, or neither (a throw here is
    // like recordOutbound's: the key stays locked, a retry after the lock reuses the ids)
    const verdict = await deps.pacing.takeAndRecord(message, bump, session.pacing, now, count?.rider, audit?.rider);
    if (!verdict.allowed) {
      if (idempotencyKey !== undefined) await deps.idempotency.release(tenantId, idempotencyKey);
      throw verdict.reason === "quota" && count ? count.refusal() : pacingError(verdict as PacingRefusal);
    }
    if (count && verdict.counted) count.counted = true;
    if (audit && verdict.audited) audit.written = true;
  } else {
    await deps.messages.recordOutbound(message, bump);
  }
  const c = resolved.content;
  // a plain text goes as message.send_text, which workers of the previous version understand
  const command: FleetCommand =
    c.type === "text" && !c.quoted
      ? buildCommand("message.send_text", session, { messageId: ids.messageId, to, text: c.text }, now, ids.commandId)
      : buildCommand(
          "message.send",
          session,
          { messageId: ids.messageId as never, to, content: c },
          now,
          ids.commandId,
        );
  let routed: boolean;
  try {
    routed = await deps.commands.toOwner(session, command, now);
  } catch (err) {
    // the queue refused or is down: the message must not stay `queued`, nor the key locked
    await abandonSend(deps, tenantId, sessionId, ids.messageId, at, idempotencyKey, {
      code: "enqueue_failed",
      message: "the command queue could not take the message; nothing was sent",
    });
    throw new UnavailableError("the command queue is unavailable; nothing was sent, retry shortly", 5, err);
  }
  if (!routed) {
    await abandonSend(deps, tenantId, sessionId, ids.messageId, at, idempotencyKey, {
      code: "session_not_open",
      message: "no worker holds the session right now",
    });
    throw sessionStateError(
      "session_not_open",
      "reconnecting",
      "the session is between workers right now; retry in a few seconds",
    );
  }
  const response: StoredResponse = {
    status: 202,
    body: { id: ids.messageId, status: "queued" } satisfies SendAccepted,
  };
  if (idempotencyKey !== undefined) await deps.idempotency.complete(tenantId, idempotencyKey, response);
  return { status: 202, body: response.body as SendAccepted, replayed: false };
}

/** Ends a stored message `failed` with a reason and frees its Idempotency-Key for a retry. */
async function abandonSend(
  deps: SendDeps,
  tenantId: string,
  sessionId: string,
  messageId: string,
  at: string,
  idempotencyKey: string | undefined,
  failure: { code: string; message: string },
): Promise<void> {
  await deps.messages.advanceStatus(tenantId, sessionId, messageId, {
    status: "failed",
    failure,
    waMessageId: null,
    at,
    eventId: null,
  });
  if (idempotencyKey !== undefined) await deps.idempotency.release(tenantId, idempotencyKey);
}

function replay(response: StoredResponse): SendResult {
  return { status: 202, body: response.body as SendAccepted, replayed: true };
}
