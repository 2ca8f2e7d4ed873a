import { round } from "./util";

/** What the worker's probe answers to {cmd:"timeline"}: AWS call wall time, and each send's stages. */
export interface ProbeTimeline {
  awsWall: Record<string, { n: number; meanMs: number; maxMs: number }>;
  sends: Record<string, { sessionId?: string; at: Partial<Record<Stage, number>> }>;
}

type Stage = "received" | "ledger" | "socket" | "relayed" | "published" | "deleted";

/** consecutive stages of one send, and what the time between them is */
const STEPS: [from: Stage, to: Stage, what: string][] = [
  ["received", "ledger", "command ledger write (coalesced transaction)"],
  ["ledger", "socket", "open check, recipient, pacing"],
  ["socket", "relayed", "Baileys sendMessage (encrypt, fenced key writes, socket write)"],
  ["relayed", "deleted", "inbox DeleteMessage (batched)"],
  // beside the command's path: the sender emits the event and does not wait for it
  ["relayed", "published", "message.status sent on Events.fifo (not awaited by the command)"],
];

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN, 1);
  return {
    n: s.length,
    meanMs: round(s.reduce((a, b) => a + b, 0) / (s.length || 1), 1),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
};

/**
 * Where a send's wall time goes, per step (mean, p50, p99 over the run), plus the step no
 * send owns: from a session's command deleted to its next command received, the inbox's
 * FIFO re-delivery (a group's next message is held until the one in flight is deleted).
 */
export function sendTimeline(t: ProbeTimeline) {
  const steps: Record<string, ReturnType<typeof stats> & { what: string }> = {};
  for (const [from, to, what] of STEPS) {
    const xs = Object.values(t.sends)
      .map((s) => (s.at[to] ?? Number.NaN) - (s.at[from] ?? Number.NaN))
      .filter(Number.isFinite);
    steps[`${from}→${to}`] = { what, ...stats(xs) };
  }
  const bySession = new Map<string, { received: number; deleted: number }[]>();
  for (const s of Object.values(t.sends)) {
    if (!s.sessionId || s.at.received === undefined || s.at.deleted === undefined) continue;
    const list = bySession.get(s.sessionId) ?? [];
    list.push({ received: s.at.received, deleted: s.at.deleted });
    bySession.set(s.sessionId, list);
  }
  const gaps: number[] = [];
  for (const list of bySession.values()) {
    list.sort((a, b) => a.received - b.received);
    for (let i = 1; i < list.length; i++) gaps.push(list[i]!.received - list[i - 1]!.deleted);
  }
  steps["deleted→next received"] = { what: "inbox re-delivery of the session's next command", ...stats(gaps) };
  const whole = Object.values(t.sends)
    .map((s) => (s.at.deleted ?? Number.NaN) - (s.at.received ?? Number.NaN))
    .filter(Number.isFinite);
  steps["received→deleted"] = { what: "one command, whole", ...stats(whole) };
  return { steps, awsWall: t.awsWall };
}
