import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { encodeQueueBody } from "../sqs/queue-body";
import { FleetCommand, PlacementMessage } from "@wharf/contracts";
import type { CommandRouter, WorkerInfo } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isWorkerLive } from "../fleet/worker-liveness";
import { getWorker } from "../stores/fleet-view-source";
import { isMissingQueue, sendToInbox } from "../sqs/worker-inboxes";

/** How long an instance trusts an owner's registry item it read (inbox URL, liveness). */
export const DEFAULT_OWNER_CACHE_MS = 5_000;
const MAX_CACHED_OWNERS = 10_000;

export interface CommandRouterOptions {
  ctx: DynamoContext;
  sqs: SQSClient;
  placementQueueUrl: string;
  /** owner registry items remembered this long per instance (0: read on every command) */
  ownerCacheMs?: number;
}

/**
 * Routes commands (DESIGN §4): to the Inbox.fifo of the worker holding a live lease on the
 * session (MessageGroupId = sessionId, deduplicated by command id), or reports that there
 * is none so the caller places the session instead. Every body is validated before it leaves.
 * The owner's registry item is cached briefly: a worker's inbox URL never changes and its
 * liveness only moves forward with heartbeats, so a cached item that says "live now" cannot
 * be wrong about it; one that says "dead" is read again, and a missing inbox forgets it.
 */
export function createCommandRouter(opts: CommandRouterOptions): CommandRouter {
  const ttlMs = opts.ownerCacheMs ?? DEFAULT_OWNER_CACHE_MS;
  const owners = new Map<string, { until: number; worker: WorkerInfo }>();

  const routable = (worker: WorkerInfo | null, leaseUntil: string | null, now: Date): worker is WorkerInfo => {
    if (!worker || worker.reaped || !worker.inboxUrl) return false;
    // the lease lives by its claim-time expiry or, after it, by the owner's heartbeat
    const claimLive = leaseUntil !== null && Date.parse(leaseUntil) > now.getTime();
    return claimLive || isWorkerLive(worker, now);
  };

  async function ownerInbox(owner: string, leaseUntil: string | null, now: Date): Promise<WorkerInfo | null> {
    const hit = owners.get(owner);
    if (hit && hit.until > Date.now() && routable(hit.worker, leaseUntil, now)) return hit.worker;
    const worker = await getWorker(opts.ctx, owner);
    if (!routable(worker, leaseUntil, now)) {
      owners.delete(owner);
      return null;
    }
    if (ttlMs > 0) {
      if (owners.size >= MAX_CACHED_OWNERS) owners.clear();
      owners.set(owner, { until: Date.now() + ttlMs, worker });
    }
    return worker;
  }

  return {
    async toOwner(session, command, now) {
      const { owner, leaseUntil } = session.lease;
      if (!owner) return false;
      const worker = await ownerInbox(owner, leaseUntil, now);
      if (!worker) return false;
      const body = FleetCommand.parse(command);
      try {
        await sendToInbox(opts.sqs, worker.inboxUrl, body);
        return true;
      } catch (err) {
        // the owner drained and deleted its inbox between our read and the send
        if (isMissingQueue(err)) {
          owners.delete(owner);
          return false;
        }
        throw err;
      }
    },

    async place(message) {
      const body = PlacementMessage.parse(message);
      await opts.sqs.send(
        new SendMessageCommand({ QueueUrl: opts.placementQueueUrl, MessageBody: encodeQueueBody(body) }),
      );
    },
  };
}
