/**
 * Fleet-view benchmark against 10 000 sessions on an in-memory DynamoDB Local (no table
 * Scan anywhere): `GET /v1/fleet`'s read path (workers from gsi1, the session summary item,
 * reconnect counters), the reconciler's census that rewrites the summary (counts over
 * gsi2), and its orphan read (gsi2 WANTS partitions, lapsed leases only). p50 / p99 in ms.
 * Run: cd packages/local && npx tsx bench/fleet-view.ts [--sessions 10000] [--runs 200]
 */
import {
  claimSessionLease,
  createDynamoClients,
  createFleetViewSource,
  createOrphanedSessionSource,
  createSessionCensus,
  createSessionStore,
  ensureTable,
  LOCAL_CREDENTIALS,
} from "@wharf/aws";
import { SESSION_STATUSES } from "@wharf/contracts";
import { getFleetView, newId, systemClock } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { startDynamoDbLocal } from "@wharf/emulators";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SESSIONS = arg("sessions", 10_000);
const RUNS = arg("runs", 200);
const TABLE = "wharf-bench";

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 5; i++) await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return { p50: pct(ms, 50), p99: pct(ms, 99) };
}

async function main() {
  const dynamo = await startDynamoDbLocal();
  try {
    const { dynamo: client, doc } = createDynamoClients({
      region: "us-east-1",
      endpoint: dynamo.endpoint,
      credentials: LOCAL_CREDENTIALS,
    });
    await ensureTable(client, TABLE);
    const ctx = { doc, tableName: TABLE };
    const sessions = createSessionStore(ctx);

    // 10 000 sessions over 100 tenants: two thirds want a connection (a few with a lapsed
    // lease), the rest idle, statuses spread over every value
    const seedStart = performance.now();
    const tenants = Array.from({ length: 100 }, () => newId("tenant"));
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < SESSIONS; i = next++) {
        const wants = i % 3 !== 0;
        const s = sessionRecord(tenants[i % tenants.length]!, {
          desiredState: wants ? "connected" : "disconnected",
          status: SESSION_STATUSES[i % SESSION_STATUSES.length]!,
        });
        await sessions.create(s);
        if (wants && i % 50 === 1) {
          const then = new Date(Date.now() - 120_000);
          await claimSessionLease(ctx, {
            tenantId: s.tenantId,
            sessionId: s.id,
            owner: "wrk_gone",
            now: then,
            ttlMs: 30_000,
          });
        } else if (wants) {
          await claimSessionLease(ctx, {
            tenantId: s.tenantId,
            sessionId: s.id,
            owner: "wrk_live",
            now: new Date(),
            ttlMs: 3_600_000,
          });
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    console.log(`seeded ${SESSIONS} sessions in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const census = createSessionCensus(ctx);
    const c = await timed(10, () => census.refresh(new Date()));
    console.log(
      `reconciler census (count over gsi2 + summary write): p50 ${c.p50.toFixed(1)} ms, p99 ${c.p99.toFixed(1)} ms`,
    );
    const fleet = createFleetViewSource(ctx);
    const view = await getFleetView({ fleet, clock: systemClock });
    const counted = Object.values(view.sessionsByStatus).reduce((a, b) => a + b, 0);
    console.log(`fleet view counts ${counted} sessions`, view.sessionsByStatus);
    const fv = await timed(RUNS, () => getFleetView({ fleet, clock: systemClock }));
    console.log(`GET /v1/fleet read path: p50 ${fv.p50.toFixed(1)} ms, p99 ${fv.p99.toFixed(1)} ms (${RUNS} runs)`);

    const orphans = createOrphanedSessionSource(ctx);
    let found = 0;
    let read = 0;
    for await (const page of orphans.pages(new Date())) {
      found += page.sessions.length;
      read += page.scanned;
    }
    const or = await timed(Math.min(RUNS, 50), async () => {
      for await (const _ of orphans.pages(new Date()));
    });
    console.log(
      `reconciler orphan read: ${found} orphans, ${read} items read, p50 ${or.p50.toFixed(1)} ms, p99 ${or.p99.toFixed(1)} ms`,
    );
    client.destroy();
  } finally {
    await dynamo.stop();
  }
}

await main();
