import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { ensureQueue, SqsQueue } from "@wharf/aws";
import { stackClients, startTestStack } from "@wharf/aws/testing";
import type { PlacementMessage } from "@wharf/contracts";
import { placementMessage } from "@wharf/core";
import { WORKER_NODE_FLAGS } from "../../src/node-flags";
import { EventCollector } from "../../src/testing/harness";
import { findDescendant, procCpuMs } from "./cpu";
import { FLEET_DIR, forkMeasured, type MeasuredProcess, startSimProcess } from "./processes";
import { sleep } from "./util";

export type BenchWorker = MeasuredProcess & { id: string; inboxUrl: string };
type Target = { tenantId: string; sessionId: string };

/**
 * What every fleet bench phase shares: DynamoDB Local + fauxqs (fauxqs in this process), the
 * simulator in its own, one Events.fifo read by a collector, and worker processes under
 * NODE_BIN that count their SDK calls (WHARF_COUNT_SDK_CALLS) and answer the probe.
 */
/**
 * `workerNodeFlags`: the Node flags workers start with; by default the fleet image's (so the
 * bench measures the worker as it runs on ECS), `[]` for Node's own defaults.
 */
export async function startBenchEnv(capacity: number, workerNodeFlags: readonly string[] = WORKER_NODE_FLAGS) {
  const stack = await startTestStack();
  const clients = stackClients(stack);
  const ctx = { doc: clients.doc, tableName: stack.tableName };
  const sim = await startSimProcess({ fakePrekeyCount: 812 });
  const keyB64 = randomBytes(32).toString("base64");
  const tag = Date.now().toString(36);
  const eventsUrl = await ensureQueue(clients.sqs, `b-${tag}-events.fifo`, { fifo: true });
  const events = new EventCollector(clients.sqs, eventsUrl);
  events.start();
  const dynamoPid = findDescendant(process.pid, "DynamoDBLocal.jar");
  const stopAll: Array<() => Promise<unknown>> = [];
  const main = join(FLEET_DIR, "src/main.ts");

  const workerEnv = (placementUrl: string): Record<string, string> => ({
    AWS_REGION: stack.region,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: stack.sqsEndpoint,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    WHARF_TABLE_NAME: stack.tableName,
    WHARF_PLACEMENT_QUEUE_URL: placementUrl,
    WHARF_EVENTS_QUEUE_URL: eventsUrl,
    WHARF_AUTH_STATE_KEY: keyB64,
    WHARF_INBOX_QUEUE_PREFIX: `b-${tag}-inbox-`,
    WHARF_FLEET_CAPACITY: String(capacity),
    WHARF_WA_WEBSOCKET_URL: sim.url,
    WHARF_COUNT_SDK_CALLS: "true",
    LOG_LEVEL: "warn",
  });

  const env = {
    stack,
    clients,
    ctx,
    sim,
    tag,
    events,
    /** the Node flags every worker of this bench starts with */
    workerNodeFlags,
    stopAll,
    /** CPU ms so far of the processes around a worker (the worker's own comes from its probe) */
    cpu: {
      sim: () => procCpuMs(sim.child.pid!),
      dynamodbLocal: () => (dynamoPid ? procCpuMs(dynamoPid) : Number.NaN),
    },
    async startWorker(placementUrl: string, nodeArgs: string[] = []): Promise<BenchWorker> {
      const w = forkMeasured(main, workerEnv(placementUrl), sim.rootKey, [...workerNodeFlags, ...nodeArgs]);
      const ready = await w.ready;
      stopAll.push(async () => w.child.kill("SIGKILL"));
      return Object.assign(w, { id: String(ready.workerId), inboxUrl: String(ready.inboxUrl) });
    },
    async stopWorker(w: MeasuredProcess, signal: NodeJS.Signals): Promise<void> {
      w.child.kill(signal);
      await w.exited;
    },
    /** Waits until every listed session reported `status` after event index `after`; ms since t0. */
    async allOpen(ids: string[], after: number, t0: number, timeoutMs = openTimeoutMs(ids.length), status = "open") {
      const want = new Set(ids);
      let firstMs = -1;
      for (;;) {
        const seen = new Set<string>();
        for (const e of events.all.slice(after))
          if (e.type === "session.status" && e.data.status === status && want.has(e.sessionId)) seen.add(e.sessionId);
        if (seen.size > 0 && firstMs < 0) firstMs = Date.now() - t0;
        if (seen.size === want.size) return { ms: Date.now() - t0, firstMs };
        if (Date.now() - t0 > timeoutMs)
          throw new Error(`only ${seen.size}/${want.size} sessions ${status} after ${timeoutMs} ms`);
        await sleep(250);
      }
    },
    /** Per status, first and last of `ids` to report it, by the events' own `at` (no collector lag). */
    eventPhases(ids: string[], after: number, t0: number): Record<string, { first: number; all: number }> {
      const want = new Set(ids);
      const firstAt = new Map<string, Map<string, number>>();
      for (const e of events.all.slice(after)) {
        if (e.type !== "session.status" || !want.has(e.sessionId)) continue;
        const byId = firstAt.get(e.data.status) ?? new Map<string, number>();
        firstAt.set(e.data.status, byId);
        if (!byId.has(e.sessionId)) byId.set(e.sessionId, Date.parse(e.at) - t0);
      }
      const out: Record<string, { first: number; all: number }> = {};
      for (const [status, byId] of firstAt) {
        if (byId.size < want.size) continue;
        const times = [...byId.values()];
        out[status] = { first: Math.min(...times), all: Math.max(...times) };
      }
      return out;
    },
    async place(placementUrl: string, list: Target[], connect?: { method: "qr" }) {
      const q = new SqsQueue<PlacementMessage>({ client: clients.sqs, queueUrl: placementUrl });
      await q.sendBatch(
        list.map((s) => ({
          body: placementMessage({ ...s, epoch: 0, reason: connect ? "connect" : "janitor", connect }, new Date()),
        })),
      );
    },
    async close() {
      for (const stop of stopAll) await stop().catch(() => undefined);
      await events.stop();
      await sim.stop();
      await stack.stop();
      clients.dynamo.destroy();
      clients.sqs.destroy();
    },
  };
  return env;
}

export type BenchEnv = Awaited<ReturnType<typeof startBenchEnv>>;

/** how long a phase waits for `n` sessions: 10 min, or 1 s each (2 000 linked by QR on a loaded 2-core machine take ~17 min) */
export const openTimeoutMs = (n: number) => Math.max(600_000, n * 1_000);
