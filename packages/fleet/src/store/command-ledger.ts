import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { keys, type DynamoContext } from "@wharf/aws";

/**
 * Commands run at most once per command id (a send must never go out twice, DESIGN §5): the
 * executing worker records the id with a conditional put in the session's partition before
 * acting. SQS FIFO deduplication covers 5 minutes; this covers redelivery after a crash and a
 * handover to another worker. Records expire after 24 h.
 */
const TTL_SECONDS = 24 * 60 * 60;
const RECENT_IN_MEMORY = 2_000;

export class CommandLedger {
  private readonly recent = new Set<string>();

  constructor(private readonly ctx: DynamoContext) {}

  /** True the first time a command id is seen; false for a repeat. */
  async begin(c: { tenantId: string; sessionId: string; id: string; type: string }, now: Date): Promise<boolean> {
    if (this.recent.has(c.id)) return false;
    try {
      await this.ctx.doc.send(
        new PutCommand({
          TableName: this.ctx.tableName,
          Item: {
            pk: keys.sessionPk(c.tenantId, c.sessionId),
            sk: `CMD#${c.id}`,
            entity: "command",
            type: c.type,
            at: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + TTL_SECONDS,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (err) {
      if ((err as { name?: string }).name === "ConditionalCheckFailedException") {
        this.remember(c.id);
        return false;
      }
      throw err;
    }
    this.remember(c.id);
    return true;
  }

  private remember(id: string): void {
    this.recent.add(id);
    if (this.recent.size > RECENT_IN_MEMORY) this.recent.delete(this.recent.values().next().value as string);
  }
}
