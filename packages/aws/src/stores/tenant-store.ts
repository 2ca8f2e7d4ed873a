import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { PlanName } from "@wharf/contracts";
import { ConflictError, type TenantRecord, type TenantStore } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { ENTITY, keys } from "../dynamo/keys";
import { queryPage } from "../dynamo/query-page";

const INDEX_KEY_ATTRIBUTES = ["pk", "sk", "gsi1pk", "gsi1sk"] as const;

function toRecord(item: Record<string, unknown>): TenantRecord {
  const record: TenantRecord = {
    id: item.id as string,
    name: item.name as string,
    createdAt: item.createdAt as string,
  };
  // tenants from before plans have none: the default plan applies
  if (typeof item.plan === "string") record.plan = item.plan as PlanName;
  return record;
}

export function createTenantStore(ctx: DynamoContext): TenantStore {
  const { doc, tableName } = ctx;
  return {
    async create(tenant) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.tenant(tenant.id),
              gsi1pk: keys.tenantsIndexPk,
              gsi1sk: tenant.id,
              entity: ENTITY.tenant,
              id: tenant.id,
              name: tenant.name,
              createdAt: tenant.createdAt,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (err) {
        if (isConditionalCheckFailed(err))
          throw new ConflictError(`tenant ${tenant.id} already exists`, { cause: err });
        throw err;
      }
    },

    async get(id) {
      const res = await doc.send(new GetCommand({ TableName: tableName, Key: keys.tenant(id), ConsistentRead: true }));
      return res.Item ? toRecord(res.Item) : null;
    },

    async setPlan(id, plan) {
      try {
        const res = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.tenant(id),
            UpdateExpression: "SET #plan = :plan",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#plan": "plan" },
            ExpressionAttributeValues: { ":plan": plan },
            ReturnValues: "ALL_NEW",
          }),
        );
        return res.Attributes ? toRecord(res.Attributes) : null;
      } catch (err) {
        if (isConditionalCheckFailed(err)) return null;
        throw err;
      }
    },

    /** oldest first (ids are ULIDs); served by gsi1, so on AWS a brand-new tenant may lag a moment */
    async list(page) {
      const res = await queryPage(ctx, page, {
        input: {
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": keys.tenantsIndexPk },
        },
        cursorAttributes: INDEX_KEY_ATTRIBUTES,
        acceptCursor: (k) =>
          k.gsi1pk === keys.tenantsIndexPk && k.pk === keys.tenant(k.gsi1sk ?? "").pk && k.sk === "TENANT",
      });
      return { items: res.items.map(toRecord), nextCursor: res.nextCursor };
    },
  };
}
