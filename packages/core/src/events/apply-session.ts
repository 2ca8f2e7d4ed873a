import {
  isLinking,
  type SessionPairingCodeEvent,
  type SessionQrEvent,
  type SessionStatusEvent,
  type SessionUnstableEvent,
} from "@wharf/contracts";
import type { ApplyDeps, ApplyOutcome, Effects } from "./apply";
import { sessionStatusEntry, sessionUnstableEntry } from "../event-log/entries";
import { frameFor, payloadFor } from "./frames";

type SessionEventOf = SessionStatusEvent | SessionQrEvent | SessionPairingCodeEvent | SessionUnstableEvent;

/** Session events move the projection only when they come from the current lease epoch. */
export async function applySessionEvent(deps: ApplyDeps, event: SessionEventOf, fx: Effects): Promise<ApplyOutcome> {
  switch (event.type) {
    case "session.status":
      return applyStatus(deps, event, fx);
    case "session.qr":
    case "session.pairing_code":
      return applyLink(deps, event, fx);
    case "session.unstable":
      return applyUnstable(deps, event, fx);
  }
}

async function applyStatus(deps: ApplyDeps, event: SessionStatusEvent, fx: Effects): Promise<ApplyOutcome> {
  const d = event.data;
  const res = await deps.projection.applyOwnerPatch(event.tenantId, event.sessionId, event.epoch, {
    status: d.status,
    ...(d.phone !== undefined ? { phone: d.phone } : {}),
    ...(d.accountName !== undefined ? { accountName: d.accountName } : {}),
    ...(d.disconnect !== undefined ? { lastDisconnect: d.disconnect } : {}),
    ...(d.health !== undefined ? { health: d.health } : {}),
    updatedAt: deps.clock.now().toISOString(),
  });
  if (res.result === "stale") return "stale";
  if (res.result === "missing") return "session_missing";
  const s = res.session;
  if (!isLinking(d.status)) await deps.links.clear(event.tenantId, event.sessionId);
  if (d.status === "reconnecting") await deps.stats.recordReconnect(new Date(event.at));
  const data = {
    status: s.status,
    phone: s.phone,
    accountName: s.accountName,
    lastDisconnect: s.lastDisconnect,
    health: s.health,
  };
  fx.frames.push(frameFor(event, "connection:status", data));
  if ((d.status === "failed" || d.status === "logged_out") && s.lastDisconnect) {
    fx.frames.push(
      frameFor(
        event,
        "connection:error",
        { ...s.lastDisconnect, status: s.status, reconnectsLast5m: null },
        `${event.id}:error`,
      ),
    );
  }
  fx.payloads.push(payloadFor(event, data));
  fx.log.push(sessionStatusEntry(event, s.status, d.disconnect ?? null));
  return "applied";
}

async function applyLink(
  deps: ApplyDeps,
  event: SessionQrEvent | SessionPairingCodeEvent,
  fx: Effects,
): Promise<ApplyOutcome> {
  const session = await deps.sessions.get(event.tenantId, event.sessionId);
  if (!session) return "session_missing";
  if (event.epoch < session.lease.epoch) return "stale";
  const qr = event.type === "session.qr" ? event.data.qr : null;
  const pairingCode = event.type === "session.pairing_code" ? event.data.code : null;
  const expiresAt = event.data.expiresAt;
  await deps.links.set(event.tenantId, event.sessionId, { qr, pairingCode, expiresAt, epoch: event.epoch });
  fx.frames.push(frameFor(event, "connection:qr", { qr, pairingCode, expiresAt }));
  fx.payloads.push(payloadFor(event, event.type === "session.qr" ? { qr, expiresAt } : { pairingCode, expiresAt }));
  return "applied";
}

async function applyUnstable(deps: ApplyDeps, event: SessionUnstableEvent, fx: Effects): Promise<ApplyOutcome> {
  const session = await deps.sessions.get(event.tenantId, event.sessionId);
  if (!session) return "session_missing";
  const d = event.data;
  const res = await deps.projection.applyOwnerPatch(event.tenantId, event.sessionId, event.epoch, {
    health: { ...session.health, reconnectCount: d.reconnectCount, reconnectsLast5m: d.reconnectsLast5m },
    updatedAt: deps.clock.now().toISOString(),
  });
  if (res.result === "stale") return "stale";
  if (res.result === "missing") return "session_missing";
  const last = d.lastDisconnect;
  fx.frames.push(
    frameFor(event, "connection:error", {
      code: last?.code ?? null,
      reason: "unstable",
      message: `the session reconnected ${d.reconnectsLast5m} times in the last 5 minutes${last ? ` (last: ${last.message})` : ""}`,
      at: event.at,
      status: res.session.status,
      reconnectsLast5m: d.reconnectsLast5m,
    }),
  );
  fx.payloads.push(payloadFor(event, d));
  fx.log.push(sessionUnstableEntry(event, d.reconnectsLast5m, d.lastDisconnect));
  return "applied";
}
