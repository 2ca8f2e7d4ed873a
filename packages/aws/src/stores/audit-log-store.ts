import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditEntry } from "@wharf/contracts";
import { actorIdOf, type AuditLogStore, type AuditRecord } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { ENTITY, epochSeconds, keys } from "../dynamo/keys";
import { readPage } from "./event-log-store";

/** Sorts after every `<at>#<id>` sort key of the same instant: an inclusive upper time bound. */
const AFTER_ANY_ID = "#~";

function toEntry(i: Record<string, unknown>): AuditEntry {
  return {
    id: i.id,
    at: i.at,
    actor: i.actor,
    action: i.action,
    target: i.target ?? null,
    result: i.result,
    requestId: i.requestId,
    sourceAddress: i.sourceAddress ?? null,
  } as AuditEntry;
}

/** One entry's conditional put (its id is new); also part of a send's accept transaction. */
export function auditPut(tableName: string, t: string, record: AuditRecord) {
  const { expiresAt, ...entry } = record;
  return {
    TableName: tableName,
    Item: {
      ...keys.auditEntry(t, entry.at, entry.id),
      entity: ENTITY.auditEntry,
      tenantId: t,
      ...entry,
      actorId: actorIdOf(entry.actor),
      expiresAt: epochSeconds(Date.parse(expiresAt)),
    },
    ConditionExpression: "attribute_not_exists(pk)",
  };
}

/**
 * The tenant's audit log: one item per entry in the tenant's audit partition, sorted by
 * `<at>#<id>`, so a time window is a key condition; actor and action filter the page (a page
 * may then be short). Each item expires at its record's `expiresAt` (the table's TTL).
 */
export function createAuditLogStore(ctx: DynamoContext): AuditLogStore {
  const { doc, tableName } = ctx;
  return {
    async append(t, record) {
      await doc.send(new PutCommand(auditPut(tableName, t, record)));
    },

    async list(t, filter, page) {
      const pk = keys.auditPk(t);
      const values: Record<string, unknown> = { ":pk": pk };
      let keyCondition = "pk = :pk";
      if (filter.from && filter.to) {
        keyCondition += " AND sk BETWEEN :from AND :to";
        Object.assign(values, { ":from": filter.from, ":to": filter.to + AFTER_ANY_ID });
      } else if (filter.from) {
        keyCondition += " AND sk >= :from";
        values[":from"] = filter.from;
      } else if (filter.to) {
        keyCondition += " AND sk <= :to";
        values[":to"] = filter.to + AFTER_ANY_ID;
      }
      const filters: string[] = [];
      const names: Record<string, string> = {};
      if (filter.actor) {
        filters.push("actorId = :actor");
        values[":actor"] = filter.actor;
      }
      if (filter.action) {
        // `action` is a reserved word in DynamoDB expressions
        filters.push("#action = :action");
        names["#action"] = "action";
        values[":action"] = filter.action;
      }
      const res = await readPage(
        ctx,
        page,
        {
          KeyConditionExpression: keyCondition,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          ...(filters.length > 0 ? { FilterExpression: filters.join(" AND ") } : {}),
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        },
        ["pk", "sk"],
        // a cursor outside the window would be a DynamoDB error: refuse it as invalid instead
        (k) =>
          k.pk === pk &&
          (!filter.from || (k.sk ?? "") >= filter.from) &&
          (!filter.to || (k.sk ?? "") <= filter.to + AFTER_ANY_ID),
      );
      return { items: res.items.map(toEntry), nextCursor: res.nextCursor };
    },
  };
}
