import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { encodeQueueBody } from "../sqs/queue-body";
import { FleetCommand, PlacementMessage } from "@wharf/contracts";
import type { CommandRouter } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isWorkerLive } from "../fleet/worker-liveness";
import { getWorker } from "../stores/fleet-view-source";
import { isMissingQueue, sendToInbox } from "../sqs/worker-inboxes";

export interface CommandRouterOptions {
  ctx: DynamoContext;
  sqs: SQSClient;
  placementQueueUrl: string;
}

/**
 * Routes commands (DESIGN §4): to the Inbox.fifo of the worker holding a live lease on the
 * session (MessageGroupId = sessionId, deduplicated by command id), or reports that there
 * is none so the caller places the session instead. Every body is validated before it leaves.
 */
export function createCommandRouter(opts: CommandRouterOptions): CommandRouter {
  return {
    async toOwner(session, command, now) {
      const { owner, leaseUntil } = session.lease;
      if (!owner) return false;
      const worker = await getWorker(opts.ctx, owner);
      if (!worker || worker.reaped || !worker.inboxUrl) return false;
      // the lease lives by its claim-time expiry or, after it, by the owner's heartbeat
      const claimLive = leaseUntil !== null && Date.parse(leaseUntil) > now.getTime();
      if (!claimLive && !isWorkerLive(worker, now)) return false;
      const body = FleetCommand.parse(command);
      try {
        await sendToInbox(opts.sqs, worker.inboxUrl, body);
        return true;
      } catch (err) {
        // the owner drained and deleted its inbox between our read and the send
        if (isMissingQueue(err)) return false;
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
