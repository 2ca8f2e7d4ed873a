import { LOCAL_CREDENTIALS, createDocumentClient, createDynamoStores, createSqsClient, ensureQueue } from "@wharf/aws";
import pino from "pino";
import { beforeAll, describe, inject } from "vitest";
import { composeDataPath } from "./compose";
import { createHarness, type Harness } from "./testing/harness";
import { auditSuite } from "./testing/suites/audit";
import { scopeSuite } from "./testing/suites/scopes";

/**
 * The scope matrix (every route: its scope passes, the rest refused), session-limited keys and
 * the audit tour, over the DynamoDB adapters on DynamoDB Local and queues on fauxqs, composed
 * as on AWS.
 */
describe("scopes and audit over DynamoDB Local", () => {
  let harness: Harness;

  beforeAll(async () => {
    const stack = inject("wharfStack");
    const doc = createDocumentClient({
      region: stack.region,
      endpoint: stack.dynamoEndpoint,
      credentials: LOCAL_CREDENTIALS,
    });
    const sqs = createSqsClient({ region: stack.region, endpoint: stack.sqsEndpoint, credentials: LOCAL_CREDENTIALS });
    const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const data = composeDataPath({
      doc,
      tableName: stack.tableName,
      sqs,
      placementQueueUrl: await ensureQueue(sqs, `scopes-placement-${suffix}`),
      webhooksQueueUrl: await ensureQueue(sqs, `scopes-webhooks-${suffix}`),
      tokenKey: "k".repeat(40),
      tokenTtlSeconds: 60,
      realtimeUrl: null,
      management: null,
      allowPrivateWebhookTargets: false,
      clock: { now: () => new Date() },
      logger: pino({ level: "silent" }),
    });
    // the clock starts now: audit entries then expire 90 days from today, as in production
    harness = createHarness(createDynamoStores({ doc, tableName: stack.tableName }), {
      start: new Date().toISOString(),
      data: data.app,
    });
  });

  scopeSuite(() => harness);
  auditSuite(() => harness);
});
