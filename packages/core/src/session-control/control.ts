import { isLinking, type ConnectBody, type ConnectMethod, type SessionStatus } from "@wharf/contracts";
import type { Clock } from "../clock";
import { ValidationError, WharfError } from "../errors";
import { normalizeRecipient } from "../messages/jid";
import { updateFromFresh } from "../sessions/fresh-update";
import type { SessionRecord, SessionStore } from "../sessions/ports";
import { getSession } from "../sessions/sessions";
import { canConnect, canDisconnect, canLogout, isSocketActive } from "../sessions/status-machine";
import { buildCommand, buildPlacement } from "./commands";
import type { AuthStateEraser, CommandRouter, SessionLinkRecord, SessionLinkStore } from "./ports";

/**
 * Session control: each verb records the desired state, then routes a command to
 * the owner's inbox, or a placement when no worker owns the session. Wrong states are 409
 * `invalid_state` whose details carry a specific code (session_already_open, …).
 */
export interface SessionControlDeps {
  sessions: SessionStore;
  links: SessionLinkStore;
  commands: CommandRouter;
  authState: AuthStateEraser;
  clock: Clock;
}

export function sessionStateError(code: string, status: SessionStatus, message: string): WharfError {
  return new WharfError("invalid_state", message, {
    details: [{ path: "session.status", message: `session is ${status}`, code }],
  });
}

/** The pairing phone as E.164 digits; a JID or a malformed number is a 400 on body.phone. */
export function toConnectMethod(body: ConnectBody): ConnectMethod {
  if (body.method === "qr") return { method: "qr" };
  if (body.phone.includes("@")) {
    throw new ValidationError("invalid phone", [
      { path: "body.phone", message: "a phone number, not a JID", code: "invalid_phone" },
    ]);
  }
  const phone = normalizeRecipient(body.phone, "body.phone").phone as string;
  return { method: "pairing_code", phone };
}

export async function connectSession(
  deps: SessionControlDeps,
  tenantId: string,
  id: string,
  body: ConnectBody,
): Promise<SessionRecord> {
  const method = toConnectMethod(body);
  const { before, after: updated } = await updateFromFresh(deps, tenantId, id, (session) => {
    if (session.status === "open") {
      throw sessionStateError(
        "session_already_open",
        session.status,
        "the session is already connected; disconnect or log out first",
      );
    }
    return canConnect(session.status)
      ? { desiredState: "connected", status: "connecting" }
      : { desiredState: "connected" };
  });
  if (canConnect(before.status)) await deps.links.clear(tenantId, id);
  const now = deps.clock.now();
  // An active session (linking, reconnecting) with a live owner restarts linking there.
  const sent = await deps.commands.toOwner(updated, buildCommand("session.connect", updated, method, now), now);
  if (!sent) await deps.commands.place(buildPlacement(updated, "connect", now, method));
  return updated;
}

export async function disconnectSession(
  deps: SessionControlDeps,
  tenantId: string,
  id: string,
): Promise<SessionRecord> {
  const { after: updated } = await updateFromFresh(deps, tenantId, id, (session) => {
    if (!canDisconnect(session.status) && session.desiredState === "disconnected") {
      throw sessionStateError("session_not_connected", session.status, "the session is not connected");
    }
    return { desiredState: "disconnected" };
  });
  const now = deps.clock.now();
  if (await deps.commands.toOwner(updated, buildCommand("session.disconnect", updated, {}, now), now)) return updated;
  // No live owner: there is no socket to close, so the API records the outcome itself.
  const closed = await updateFromFresh(deps, tenantId, id, (session) =>
    isSocketActive(session.status) ? { status: "disconnected" } : null,
  );
  if (closed.after !== closed.before) await deps.links.clear(tenantId, id);
  return closed.after;
}

export async function logoutSession(deps: SessionControlDeps, tenantId: string, id: string): Promise<SessionRecord> {
  const { after: updated } = await updateFromFresh(deps, tenantId, id, (session) => {
    if (!canLogout(session.status)) {
      throw sessionStateError(
        "session_not_linked",
        session.status,
        "the session is not linked to a phone, so there is nothing to log out",
      );
    }
    return { desiredState: "disconnected" };
  });
  const now = deps.clock.now();
  if (await deps.commands.toOwner(updated, buildCommand("session.logout", updated, {}, now), now)) return updated;
  // No owner to unlink at WhatsApp: forget the credentials here (the phone drops the dead
  // device on its own); a later connect starts a fresh link.
  await deps.authState.clear(tenantId, id);
  await deps.links.clear(tenantId, id);
  const loggedOut = await updateFromFresh(deps, tenantId, id, () => ({
    status: "logged_out",
    phone: null,
    accountName: null,
  }));
  return loggedOut.after;
}

/** The current QR / pairing code; nulls while none is current. 409 when not linking at all. */
export async function getLinkCredentials(
  deps: Pick<SessionControlDeps, "sessions" | "links" | "clock">,
  tenantId: string,
  id: string,
): Promise<SessionLinkRecord | null> {
  const session = await getSession(deps, tenantId, id);
  if (!isLinking(session.status)) {
    throw sessionStateError(
      "session_not_linking",
      session.status,
      "the session is not waiting to be linked; connect it first",
    );
  }
  const link = await deps.links.get(tenantId, id);
  if (!link || Date.parse(link.expiresAt) <= deps.clock.now().getTime()) return null;
  return link;
}
