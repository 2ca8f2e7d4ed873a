import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { SecretBox, WebhookEndpointRecord, WebhookStore } from "@wharf/core";
import type { DynamoContext } from "../dynamo/context";
import { isConditionalCheckFailed } from "../dynamo/errors";
import { keys } from "../dynamo/keys";
import { isLegacySealed } from "./secret-box";

/**
 * The webhook store, moving rows sealed before secrets were bound to their endpoint (v1, no
 * AAD) to the bound form as they are read. The write is conditional on the old values, so a
 * rotation racing with it wins and the row is simply read again.
 */
export function withResealedSecrets(store: WebhookStore, ctx: DynamoContext, secrets: SecretBox): WebhookStore {
  const reseal = (sealed: string | null, id: string) =>
    sealed && isLegacySealed(sealed) ? secrets.seal(secrets.open(sealed, id), id) : sealed;

  async function current(e: WebhookEndpointRecord): Promise<WebhookEndpointRecord> {
    const legacyCurrent = isLegacySealed(e.secretSealed);
    const legacyPrevious = e.previousSecretSealed !== null && isLegacySealed(e.previousSecretSealed);
    if (!legacyCurrent && !legacyPrevious) return e;
    const next = {
      ...e,
      secretSealed: reseal(e.secretSealed, e.id) as string,
      previousSecretSealed: reseal(e.previousSecretSealed, e.id),
    };
    try {
      await ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: keys.webhook(e.tenantId, e.id),
          UpdateExpression: legacyPrevious
            ? "SET secretSealed = :s, previousSecretSealed = :p"
            : "SET secretSealed = :s",
          ConditionExpression: legacyPrevious
            ? "secretSealed = :oldS AND previousSecretSealed = :oldP"
            : "secretSealed = :oldS",
          ExpressionAttributeValues: {
            ":s": next.secretSealed,
            ":oldS": e.secretSealed,
            ...(legacyPrevious ? { ":p": next.previousSecretSealed, ":oldP": e.previousSecretSealed } : {}),
          },
        }),
      );
      return next;
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      // changed (or deleted) meanwhile: what is stored now is the truth
      const fresh = await store.getEndpoint(e.tenantId, e.id);
      return fresh ? current(fresh) : next;
    }
  }

  return {
    ...store,
    async getEndpoint(t, id) {
      const e = await store.getEndpoint(t, id);
      return e ? current(e) : null;
    },
    async listEndpoints(t, page) {
      const res = await store.listEndpoints(t, page);
      return { ...res, items: await Promise.all(res.items.map(current)) };
    },
    async allEndpoints(t) {
      return Promise.all((await store.allEndpoints(t)).map(current));
    },
  };
}
