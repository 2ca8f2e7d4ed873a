import { DISCONNECT_FAULTS, type DisconnectFault } from "@wharf/wa-sim";
import type { ChaosOptions } from "../args";
import {
  getSession,
  type Linked,
  linkSessions,
  mapLimit,
  newTenant,
  sleep,
  startStack,
  type Stack,
  type Tenant,
} from "../kit";
import type { ScenarioReport } from "../report";

/** The status DESIGN §4's reconnect policy names for each fault's DisconnectReason. */
export const EXPECTED_STATUS: Record<DisconnectFault | "sim-restart", string> = {
  replaced: "disconnected", // 440: stop, another client took it
  "logged-out": "logged_out", // 401: clear auth, user must re-link
  forbidden: "open", // 403: backoff, the device is still linked
  unavailable: "open", // 503: backoff
  "restart-required": "open", // 515: reconnect at once
  "bad-session": "qr", // 500: clear auth, fresh QR flow
  "multidevice-mismatch": "qr", // 411: clear auth, fresh QR flow
  "stream-end": "open", // 428: backoff
  drop: "open", // 428: backoff
  silence: "open", // 408 after the keep-alive gives up: backoff
  "sim-restart": "open", // connections drop, the server comes back with the device linked
};

/** how long the silence fault takes: Baileys' keep-alive (25 s) plus its grace, plus the reconnect */
const SETTLE_MS = 75_000;

/**
 * d) The simulator restarts under every session, then each disconnect fault it offers hits its
 * share of the sessions; each session must end in the status DESIGN §4 names for that fault.
 */
export async function disconnectFaults(o: ChaosOptions): Promise<ScenarioReport> {
  const faults = Object.keys(DISCONNECT_FAULTS) as DisconnectFault[];
  const s = await startStack({ workers: 2 });
  try {
    const t = await newTenant(s, "chaos-d");
    const linked = await linkSessions(s, t, Math.max(o.sessions, faults.length));
    const table: Array<[string, number | string, string, string, number]> = [];
    const wrong: Record<string, number> = {};

    // 1) the simulator restarts under every session: all must come back open
    const restart = await s.sim.call("POST", "/restart", { downMs: 2_000 });
    if (restart.status !== 204) throw new Error(`sim restart: ${restart.status}`);
    const afterRestart = await settleStatuses(
      s,
      t,
      linked.map((l) => ({ ...l, expected: "open" })),
    );
    tally(table, wrong, "sim-restart", "-", afterRestart);

    // 2) each fault on its share of the sessions (round robin)
    const plan = linked.map((l, i) => ({ ...l, fault: faults[i % faults.length]! }));
    const applyErrors: string[] = [];
    await Promise.all(
      plan.map(async (p) => {
        const res = await s.sim.call("POST", `/accounts/${p.phone}/disconnect`, { reason: p.fault });
        if (res.status !== 200)
          applyErrors.push(`${p.fault} on ${p.phone}: ${res.status} ${res.body?.error?.code ?? ""}`);
      }),
    );
    const finals = await settleStatuses(
      s,
      t,
      plan.map((p) => ({ ...p, expected: EXPECTED_STATUS[p.fault] })),
    );
    for (const f of faults) {
      const mine = plan.map((p, i) => (p.fault === f ? finals[i]! : null)).filter((x): x is Final => x !== null);
      tally(table, wrong, f, DISCONNECT_FAULTS[f], mine);
    }

    return {
      id: "d",
      title: `simulator restart and every disconnect fault (${linked.length} sessions, 2 workers)`,
      rows: [
        { label: "sessions", value: linked.length },
        { label: "faults offered by the simulator", value: faults.length + 1, note: "incl. the restart" },
        ...Object.entries(wrong).map(([f, n]) => ({
          label: `${f}: sessions not in the status DESIGN §4 names`,
          value: n,
          mustBeZero: true,
        })),
        {
          label: "faults the simulator refused to apply",
          value: applyErrors.length,
          mustBeZero: true,
          note: applyErrors.slice(0, 3).join("; "),
        },
      ],
      tables: [
        {
          title: "fault → final status → count",
          header: ["fault", "code", "expected", "final status (reason)", "count"],
          rows: table,
        },
      ],
      notes: [`settled when every session reached its expected status, or after ${SETTLE_MS} ms`],
    };
  } finally {
    await s.stop();
  }
}

interface Final {
  status: string;
  reason: string | null;
  expected: string;
}

/** Polls until every session shows its expected status (or the settle window ends). */
async function settleStatuses(s: Stack, t: Tenant, items: Array<Linked & { expected: string }>): Promise<Final[]> {
  const until = Date.now() + SETTLE_MS;
  // give the faults a moment to land before an "already open" counts as settled
  await sleep(3_000);
  for (;;) {
    const cur = await mapLimit(items, 8, (i) => getSession(s, t, i.sessionId));
    const finals = cur.map((c, i) => ({
      status: c.status as string,
      reason: (c.lastDisconnect?.reason as string | undefined) ?? null,
      expected: items[i]!.expected,
    }));
    if (finals.every((f) => f.status === f.expected) || Date.now() > until) return finals;
    await sleep(1_000);
  }
}

function tally(
  table: Array<[string, number | string, string, string, number]>,
  wrong: Record<string, number>,
  fault: string,
  code: number | string,
  finals: Final[],
) {
  const counts = new Map<string, number>();
  for (const f of finals) {
    const key = f.reason ? `${f.status} (${f.reason})` : f.status;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const expected = finals[0]?.expected ?? "";
  for (const [k, n] of counts) table.push([fault, code, expected, k, n]);
  wrong[fault] = finals.filter((f) => f.status !== f.expected).length;
}
