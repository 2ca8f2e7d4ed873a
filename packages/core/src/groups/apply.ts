import type { GroupEvent, GroupUpdatedFrameData } from "@wharf/contracts";
import type { ApplyOutcome, Effects } from "../events/apply";
import { frameFor, payloadFor } from "../events/frames";
import type { SessionStore } from "../sessions/ports";
import type { GroupStore } from "./ports";

export interface GroupApplyDeps {
  sessions: SessionStore;
  groups?: GroupStore | undefined;
}

/**
 * A group or membership change the owner reported: the group's stored metadata (and its chat's
 * subject and member count) follow the snapshot the worker read after the change; the change is
 * framed (`group:updated`) and webhooked under its own type. Without a group store, nothing is stored.
 */
export async function applyGroupEvent(deps: GroupApplyDeps, event: GroupEvent, fx: Effects): Promise<ApplyOutcome> {
  if (!(await deps.sessions.get(event.tenantId, event.sessionId))) return "session_missing";
  const d = event.data;
  if (event.type === "group.left") {
    await deps.groups?.markLeft(event.tenantId, event.sessionId, d.groupJid, d.at);
  } else if ("group" in d) {
    await deps.groups?.put({
      ...d.group,
      tenantId: event.tenantId,
      sessionId: event.sessionId,
      jid: d.groupJid,
      member: true,
      updatedAt: d.at,
    });
  }
  const frame: GroupUpdatedFrameData = {
    event: event.type,
    groupJid: d.groupJid,
    by: d.by,
    group: "group" in d ? d.group : null,
  };
  fx.frames.push(frameFor(event, "group:updated", frame));
  fx.payloads.push(payloadFor(event, d));
  return "applied";
}
