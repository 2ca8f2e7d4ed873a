import {
  LOCAL_CREDENTIALS,
  createDocumentClient,
  createDynamoStores,
  createS3Client,
  createSqsClient,
  ensureQueue,
} from "@wharf/aws";
import type { FleetCommand, FleetEvent, RealtimeFrame, WebhookPayload } from "@wharf/contracts";
import { type ApplyOutcome, type CommandRouter, applyEvent, newId } from "@wharf/core";
import pino from "pino";
import { expect, inject } from "vitest";
import { composeDataPath } from "../compose";
import type { DataPathDeps } from "../env";
import type { TestTenant } from "./expectations";
import { createHarness, type Harness } from "./harness";

/**
 * The data path on DynamoDB Local and fauxqs S3, composed as on AWS (private targets refused),
 * with the owner's inbox recorded and the events consumer applied in process, for the tests of
 * every message kind, verb and event.
 */
export interface RichStack {
  h: Harness;
  stores: ReturnType<typeof createDynamoStores>;
  commands: FleetCommand[];
  frames: RealtimeFrame[];
  payloads: WebhookPayload[];
  apply(event: FleetEvent): Promise<ApplyOutcome>;
}

/** `data`: settings over the composed data path (e.g. shorter operation waits). */
export async function richStack(data: Partial<DataPathDeps> = {}): Promise<RichStack> {
  const stack = inject("wharfStack");
  const doc = createDocumentClient({
    region: stack.region,
    endpoint: stack.dynamoEndpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  const sqs = createSqsClient({ region: stack.region, endpoint: stack.sqsEndpoint, credentials: LOCAL_CREDENTIALS });
  const s3 = createS3Client({ region: stack.region, endpoint: stack.sqsEndpoint, credentials: LOCAL_CREDENTIALS });
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const composed = composeDataPath({
    doc,
    tableName: stack.tableName,
    sqs,
    placementQueueUrl: await ensureQueue(sqs, `ctl-rich-placement-${suffix}`),
    webhooksQueueUrl: await ensureQueue(sqs, `ctl-rich-webhooks-${suffix}`),
    tokenKey: "k".repeat(40),
    tokenTtlSeconds: 60,
    realtimeUrl: null,
    management: null,
    allowPrivateWebhookTargets: false,
    media: { s3, bucket: stack.mediaBucket },
    clock: { now: () => new Date() },
    logger: pino({ level: "silent" }),
  });
  const commands: FleetCommand[] = [];
  const router: CommandRouter = {
    toOwner: async (_session, command) => {
      commands.push(command);
      return true;
    },
    place: async () => undefined,
  };
  const stores = createDynamoStores({ doc, tableName: stack.tableName });
  const h = createHarness(stores, {
    start: new Date().toISOString(),
    data: { ...composed.app, ...data, commands: router },
  });
  const frames: RealtimeFrame[] = [];
  const payloads: WebhookPayload[] = [];
  const deps = {
    ...composed.events,
    publish: async (f: RealtimeFrame) => void frames.push(f),
    dispatch: async (p: WebhookPayload) => void payloads.push(p),
  };
  return { h, stores, commands, frames, payloads, apply: (e) => applyEvent(deps, e) };
}

export async function openSession(s: RichStack, t: TestTenant, pacing = { messagesPerMinute: 600, burst: 100 }) {
  const json = { name: "rich", pacing };
  const id = (await s.h.call("POST", "/v1/sessions", { key: t.key, json })).body.id;
  const session = (await s.stores.sessions.get(t.id, id))!;
  await s.stores.sessions.update(t.id, id, { status: "open", updatedAt: session.updatedAt });
  return id as string;
}

export function fleetEvent<T extends FleetEvent["type"]>(
  t: TestTenant,
  sessionId: string,
  type: T,
  data: Extract<FleetEvent, { type: T }>["data"],
): FleetEvent {
  return {
    id: newId("event"),
    type,
    v: 1,
    tenantId: t.id,
    sessionId,
    epoch: 0,
    at: new Date().toISOString(),
    data,
  } as FleetEvent;
}

export const CONTACT = "4915100000001";
export const CONTACT_JID = `${CONTACT}@s.whatsapp.net`;

/** An inbound text from CONTACT, stored through the events consumer; its Wharf id. */
export async function receive(s: RichStack, t: TestTenant, sessionId: string, text = "hello"): Promise<string> {
  const waMessageId = `WA${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
  const event = fleetEvent(t, sessionId, "message.received", {
    waMessageId,
    chatJid: CONTACT_JID,
    senderJid: CONTACT_JID,
    senderPhone: CONTACT,
    pushName: "Ana",
    sentAt: new Date().toISOString(),
    content: { kind: "text", text },
  });
  expect(await s.apply(event)).toBe("applied");
  const page = await s.h.call("GET", `/v1/sessions/${sessionId}/chats/${CONTACT}/messages`, { key: t.key });
  return page.body.data.find((m: { waMessageId: string }) => m.waMessageId === waMessageId).id;
}

/** Announces and PUTs a file; its media id. */
export async function upload(s: RichStack, t: TestTenant, type: string, mimetype: string, bytes: Buffer) {
  const res = await s.h.call("POST", "/v1/media", { key: t.key, json: { type, mimetype, size: bytes.length } });
  expect(res.status).toBe(201);
  const put = await fetch(res.body.uploadUrl, { method: "PUT", body: bytes, headers: res.body.headers });
  expect(put.status).toBe(200);
  return res.body.mediaId as string;
}
