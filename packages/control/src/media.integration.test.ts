import { LOCAL_CREDENTIALS, createDocumentClient, createDynamoStores, createSqsClient, ensureQueue } from "@wharf/aws";
import { lazyS3BlobStore } from "@wharf/aws/media/lazy";
import pino from "pino";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { composeDataPath } from "./compose";
import { expectError, newTenant } from "./testing/expectations";
import { createHarness, type Harness } from "./testing/harness";

/** `POST /v1/media` on DynamoDB Local and fauxqs S3: the bytes go to the bucket, never the API. */
describe("media uploads (DynamoDB Local + fauxqs S3)", () => {
  let h: Harness;
  let blobs: NonNullable<ReturnType<typeof composeDataPath>["app"]["media"]>["blobs"];

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
      placementQueueUrl: await ensureQueue(sqs, `ctl-media-placement-${suffix}`),
      webhooksQueueUrl: await ensureQueue(sqs, `ctl-media-webhooks-${suffix}`),
      tokenKey: "k".repeat(40),
      tokenTtlSeconds: 60,
      realtimeUrl: null,
      management: null,
      allowPrivateWebhookTargets: false,
      // the store the Lambdas compose: its S3 client loads on the first call
      media: {
        blobs: lazyS3BlobStore(
          { region: stack.region, endpoint: stack.sqsEndpoint, credentials: LOCAL_CREDENTIALS },
          stack.mediaBucket,
        ),
      },
      clock: { now: () => new Date() },
      logger: pino({ level: "silent" }),
    });
    blobs = data.app.media!.blobs;
    h = createHarness(createDynamoStores({ doc, tableName: stack.tableName }), {
      start: new Date().toISOString(),
      data: data.app,
    });
  });

  it("answers a presigned PUT that takes a 6 MB+ file straight to the bucket", async () => {
    const t = await newTenant(h, "media-upload");
    const size = 6 * 1024 * 1024 + 17;
    const res = await h.call("POST", "/v1/media", {
      key: t.key,
      json: { type: "document", mimetype: "application/pdf", size, fileName: "big.pdf" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ method: "PUT", headers: { "content-type": "application/pdf" } });
    expect(res.body.mediaId).toMatch(/^med_/);
    const put = await fetch(res.body.uploadUrl, {
      method: "PUT",
      body: Buffer.alloc(size, 1),
      headers: { "content-type": "application/pdf" },
    });
    expect(put.status).toBe(200);
    expect(await blobs.head(`tenants/${t.id}/media/${res.body.mediaId}`)).toEqual({
      size,
      contentType: "application/pdf",
    });
  });

  it("refuses a file over WhatsApp's limit with 413 and one of the wrong type with 415", async () => {
    const t = await newTenant(h, "media-refused");
    const big = await h.call("POST", "/v1/media", {
      key: t.key,
      json: { type: "image", mimetype: "image/jpeg", size: 5 * 1024 * 1024 + 1 },
    });
    expectError(big, 413, "media_too_large");
    expect(big.body.error.details[0]).toMatchObject({ path: "body.size", code: "max_bytes_5242880" });
    const gif = await h.call("POST", "/v1/media", {
      key: t.key,
      json: { type: "image", mimetype: "image/gif", size: 9 },
    });
    expectError(gif, 415, "unsupported_media_type");
  });
});
