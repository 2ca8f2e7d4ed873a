import { createSessionStore } from "@wharf/aws";
import type { FleetCommand } from "@wharf/contracts";
import { isWorkerAlive, salvagePeer } from "@wharf/core";
import type { CommandDeps } from "./commands";
import type { OwnedEntry } from "./session-table";

/** A fleet worker's lease has no expiry of its own (null): it lives as long as the owner's heartbeat. */
export function isLeaseLive(leaseUntil: string | null, now: Date): boolean {
  return leaseUntil === null || new Date(leaseUntil) > now;
}

export async function forwardToLiveOwner(
  deps: CommandDeps,
  cmd: FleetCommand,
  owner: string,
  now: Date,
): Promise<boolean> {
  const w = await deps.registry.get(owner);
  if (!w || !isWorkerAlive(w, now, deps.workerTtlMs) || w.state !== "running") return false;
  await deps.inboxes.forward(w.inboxUrl, cmd);
  return true;
}

/**
 * A command that reaches a draining worker follows its session instead of failing on a socket
 * being closed: once the session is let go it goes to the next owner, or, before one claimed
 * it, to a live peer that waits for that owner in this worker's place (it is leaving).
 * `otherwise`: no peer is left, the command is handled as for any session not held here.
 */
export async function followHandover(
  deps: CommandDeps,
  cmd: FleetCommand,
  entry: OwnedEntry | undefined,
  otherwise: () => Promise<void>,
): Promise<void> {
  if (entry) {
    while (!entry.gone) await new Promise((r) => setTimeout(r, 50));
    await entry.gone;
  }
  const session = await createSessionStore(deps.ctx).get(cmd.tenantId, cmd.sessionId);
  if (!session) return otherwise();
  const now = deps.clock.now();
  const owner = session.lease.owner;
  if (
    owner !== null &&
    owner !== deps.workerId &&
    isLeaseLive(session.lease.leaseUntil, now) &&
    (await forwardToLiveOwner(deps, cmd, owner, now))
  )
    return;
  const peer = salvagePeer(await deps.registry.list(), deps.workerId, undefined, now, deps.workerTtlMs);
  if (!peer) return otherwise();
  await deps.inboxes.forward(peer.inboxUrl, cmd);
}
