import { LOCAL_CREDENTIALS, createDocumentClient, createDynamoStores } from "@wharf/aws";
import { hashApiKey } from "@wharf/core";
import { describe, expect, inject, it } from "vitest";
import { newTenant } from "./testing/expectations";
import { createHarness } from "./testing/harness";
import { describeApi } from "./testing/suites";

function dynamoRepos() {
  const stack = inject("wharfStack");
  const doc = createDocumentClient({
    region: stack.region,
    endpoint: stack.dynamoEndpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  return createDynamoStores({ doc, tableName: stack.tableName });
}

/** The same route suite as api.test.ts, over the DynamoDB stores on DynamoDB Local. */
describe("REST API over DynamoDB Local", () => {
  describeApi(dynamoRepos);

  it("stores what the API creates in the table, keys by hash only", async () => {
    const h = createHarness(dynamoRepos());
    const t = await newTenant(h, "stored");
    const session = await h.call("POST", "/v1/sessions", { key: t.key, json: { name: "persisted" } });

    const fresh = dynamoRepos(); // a separate client: nothing is answered from memory
    expect(await fresh.tenants.get(t.id)).toMatchObject({ id: t.id });
    expect(await fresh.sessions.get(t.id, session.body.id)).toMatchObject({
      name: "persisted",
      lease: { owner: null },
    });
    const key = await fresh.apiKeys.findByHash(hashApiKey(t.key));
    expect(key).toMatchObject({ id: t.keyId, tenantId: t.id });
    expect(JSON.stringify(key)).not.toContain(t.key);
  });
});
