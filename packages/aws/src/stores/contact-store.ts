import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ContactInfo } from "@wharf/contracts";
import type { ContactRecord, ContactStore } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { queryPage } from "../dynamo/query-page";
import { ENTITY, keys } from "../dynamo/keys";

const MERGED = ["lid", "phone", "name", "notify"] as const;
const PARALLEL_WRITES = 10;

/** Contacts per session, keyed by JID; upserts merge so a null never erases a known field. */
export function createContactStore(ctx: DynamoContext): ContactStore {
  const { doc, tableName } = ctx;

  async function upsertOne(t: string, s: string, c: ContactInfo, at: string): Promise<void> {
    const sets = ["entity = :entity", "tenantId = :t", "sessionId = :s", "jid = :jid", "updatedAt = :at"];
    const values: Record<string, unknown> = {
      ":entity": ENTITY.contact,
      ":t": t,
      ":s": s,
      ":jid": c.jid,
      ":at": at,
      ":null": null,
    };
    for (const field of MERGED) {
      const v = c[field];
      if (v === null) {
        sets.push(`#${field} = if_not_exists(#${field}, :null)`);
      } else {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = v;
      }
    }
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.contact(t, s, c.jid),
        UpdateExpression: `SET ${sets.join(", ")}`,
        ExpressionAttributeNames: Object.fromEntries(MERGED.map((f) => [`#${f}`, f])),
        ExpressionAttributeValues: values,
      }),
    );
  }

  return {
    async upsert(t, s, contacts, at) {
      for (let i = 0; i < contacts.length; i += PARALLEL_WRITES) {
        await Promise.all(contacts.slice(i, i + PARALLEL_WRITES).map((c) => upsertOne(t, s, c, at)));
      }
    },

    async list(t, s, page) {
      const pk = keys.sessionPk(t, s);
      const res = await queryPage(ctx, page, {
        input: {
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": pk, ":prefix": keys.contactSkPrefix },
          ConsistentRead: true,
        },
        cursorAttributes: ["pk", "sk"],
        acceptCursor: (k) => k.pk === pk && (k.sk ?? "").startsWith(keys.contactSkPrefix),
      });
      return {
        items: res.items.map(
          (i): ContactRecord => ({
            tenantId: String(i.tenantId),
            sessionId: String(i.sessionId),
            jid: String(i.jid),
            lid: (i.lid as string | null | undefined) ?? null,
            phone: (i.phone as string | null | undefined) ?? null,
            name: (i.name as string | null | undefined) ?? null,
            notify: (i.notify as string | null | undefined) ?? null,
            updatedAt: String(i.updatedAt),
          }),
        ),
        nextCursor: res.nextCursor,
      };
    },
  };
}
