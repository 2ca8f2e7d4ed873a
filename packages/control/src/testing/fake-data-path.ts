import type { WebhookJob } from "@wharf/core";
import { InMemoryTenantEventStore, InMemoryWebhookStore } from "@wharf/core/testing";
import type { DataPathDeps } from "../env";
import { createUrlGuard } from "../webhooks/url-guard";

/** A port this fake composition does not provide: any use fails the test loudly. */
function absent<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_t, prop) => {
      if (prop === "then") return undefined;
      throw new Error(`${name}.${String(prop)} is not part of the in-memory data path`);
    },
  });
}

/**
 * The data path over in-memory fakes, for the webhook and event-log route suites: the stores
 * those routes use are real fakes; the rest (messaging, session control) is absent.
 */
export function createFakeDataPath() {
  const webhooks = new InMemoryWebhookStore();
  const eventLog = new InMemoryTenantEventStore();
  const jobs: WebhookJob[] = [];
  const data: DataPathDeps = {
    messages: absent("messages"),
    contacts: absent("contacts"),
    links: absent("links"),
    idempotency: absent("idempotency"),
    pacing: absent("pacing"),
    authState: absent("authState"),
    fleet: absent("fleet"),
    commands: absent("commands"),
    webhooks,
    eventLog,
    webhookQueue: {
      send: async (j) => void jobs.push(j),
      sendBatch: async (b) => void jobs.push(...b.map((x) => x.body)),
    },
    secrets: {
      seal: (p) => `sealed:${Buffer.from(p).toString("base64")}`,
      open: (s) => Buffer.from(s.slice(7), "base64").toString(),
    },
    urlGuard: createUrlGuard({ allowPrivateTargets: false }),
    realtime: { tokenKey: "k".repeat(40), tokenTtlSeconds: 60, url: null },
  };
  return { data, webhooks, eventLog, jobs };
}
