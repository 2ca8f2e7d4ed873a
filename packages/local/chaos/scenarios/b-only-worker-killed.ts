import type { ChaosOptions } from "../args";
import { getSession, linkSessions, newTenant, sleep, startStack, waitFor } from "../kit";
import type { ScenarioReport } from "../report";

/** the event's trip (Events.fifo, consumer, store) and API polling on a shared machine; as in owner-lost.test.ts */
const SLACK_MS = 3_000;
/** how long the runtime gets to bring a worker back before the scenario starts one itself */
const RESTART_GRACE_MS = 20_000;

/**
 * b) The only worker is SIGKILLed. Its sessions must show reconnecting / owner_lost within
 * lease TTL + one reconciler tick; a worker comes back (the runtime's, or one the scenario
 * starts when the runtime does not restart workers) and the sessions open again.
 */
export async function onlyWorkerKilled(o: ChaosOptions): Promise<ScenarioReport> {
  const tickMs = Math.max(1_000, Math.floor(o.leaseTtlMs / 3)); // the runtime's janitor interval
  const boundMs = o.leaseTtlMs + tickMs;
  const s = await startStack({ workers: 1, leaseTtlMs: o.leaseTtlMs });
  try {
    const t = await newTenant(s, "chaos-b");
    const linked = await linkSessions(s, t, o.bSessions);
    const victim = s.rt.workers[0]!;
    const killedAt = Date.now();
    process.kill(victim.pid, "SIGKILL");

    const lostAfter = new Map<string, number>();
    const openAfter = new Map<string, number>();
    const watch = async (id: string) => {
      for (;;) {
        const cur = await getSession(s, t, id);
        const now = Date.now() - killedAt;
        if (!lostAfter.has(id) && cur.status === "reconnecting" && cur.lastDisconnect?.reason === "owner_lost")
          lostAfter.set(id, now);
        if (cur.status === "open" && cur.owner && cur.owner !== victim.workerId) {
          openAfter.set(id, now);
          return;
        }
        if (now > boundMs + RESTART_GRACE_MS + 180_000) return;
        await sleep(100);
      }
    };
    const watching = Promise.all(linked.map((l) => watch(l.sessionId)));

    // did the runtime bring a worker back on its own?
    const notes: string[] = [];
    const fleetHasNewWorker = async () => {
      const fleet = await s.api.call("GET", "/v1/fleet", { key: s.rt.adminKey });
      return (fleet.body?.workers ?? []).some((w: any) => w.alive && w.id !== victim.workerId);
    };
    const restarted = await waitFor("a new worker", fleetHasNewWorker, boundMs + RESTART_GRACE_MS, 250).then(
      () => true,
      () => false,
    );
    if (restarted) notes.push("the runtime restarted the worker itself");
    else {
      notes.push(
        `the runtime did not restart the worker within ${boundMs + RESTART_GRACE_MS} ms of the kill: the scenario started a new worker itself (rt.addWorker)`,
      );
      await s.rt.addWorker();
    }
    await watching;

    const ids = linked.map((l) => l.sessionId);
    const lostTimes = ids.map((id) => lostAfter.get(id)).filter((x): x is number => x !== undefined);
    const openTimes = ids.map((id) => openAfter.get(id)).filter((x): x is number => x !== undefined);
    const lateOrNever = ids.filter((id) => (lostAfter.get(id) ?? Number.POSITIVE_INFINITY) > boundMs + SLACK_MS).length;
    return {
      id: "b",
      title: `only worker SIGKILLed (${o.bSessions} sessions, lease TTL ${o.leaseTtlMs} ms, tick ${tickMs} ms)`,
      rows: [
        { label: "sessions", value: ids.length },
        { label: "bound: lease TTL + one tick (ms)", value: boundMs },
        { label: "owner_lost shown after kill, max (ms)", value: lostTimes.length ? Math.max(...lostTimes) : "never" },
        {
          label: `sessions not reconnecting/owner_lost within bound + ${SLACK_MS} ms slack`,
          value: lateOrNever,
          mustBeZero: true,
        },
        { label: "worker restarted by the runtime", value: restarted ? "yes" : "no" },
        { label: "open again after kill, max (ms)", value: openTimes.length ? Math.max(...openTimes) : "never" },
        { label: "sessions never open again", value: ids.length - openTimes.length, mustBeZero: true },
      ],
      tables: [
        {
          title: "per session (ms after the kill)",
          header: ["session", "owner_lost", "open again"],
          rows: ids.map((id) => [id, lostAfter.get(id) ?? "never", openAfter.get(id) ?? "never"]),
        },
      ],
      notes,
    };
  } finally {
    await s.stop();
  }
}
