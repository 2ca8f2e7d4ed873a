import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { keys, type DynamoContext } from "@wharf/aws";
import type { AuthFence } from "@wharf/aws";
import type { DesiredState, DisconnectInfo, SessionHealth, SessionStatus } from "@wharf/contracts";
import { FencedOutError } from "./errors";

/** What the owner writes on the session item; every write is fenced by owner + epoch. */
export interface OwnerPatch {
  status?: SessionStatus;
  phone?: string | null;
  lastDisconnect?: DisconnectInfo | null;
  health?: SessionHealth;
  desiredState?: DesiredState;
}

export interface SessionStateWriter {
  write(patch: OwnerPatch): Promise<void>;
}

/**
 * The session item as seen by its owner. A write whose ConditionCheck fails means the lease
 * moved on: FencedOutError, and the runner closes its socket without writing anything else.
 */
export class DynamoSessionStateWriter implements SessionStateWriter {
  constructor(
    private readonly ctx: DynamoContext,
    private readonly target: { tenantId: string; sessionId: string },
    private readonly fence: () => AuthFence,
    private readonly now: () => Date,
  ) {}

  async write(patch: OwnerPatch): Promise<void> {
    const fence = this.fence();
    const sets: string[] = ["#updatedAt = :updatedAt"];
    const names: Record<string, string> = { "#updatedAt": "updatedAt" };
    const values: Record<string, unknown> = { ":updatedAt": this.now().toISOString(), ":owner": fence.owner, ":epoch": fence.epoch };
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      sets.push(`#${field} = :${field}`);
      names[`#${field}`] = field;
      values[`:${field}`] = value;
    }
    try {
      await this.ctx.doc.send(
        new UpdateCommand({
          TableName: this.ctx.tableName,
          Key: keys.session(this.target.tenantId, this.target.sessionId),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "leaseOwner = :owner AND leaseEpoch = :epoch",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (err) {
      if ((err as { name?: string }).name === "ConditionalCheckFailedException") throw new FencedOutError(fence, err);
      throw err;
    }
  }
}
