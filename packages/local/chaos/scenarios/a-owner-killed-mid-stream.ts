import type { ChaosOptions } from "../args";
import { atRate, getSession, mapLimit, linkSession, listAll, newTenant, settle, startStack, waitFor } from "../kit";
import type { ScenarioReport } from "../report";

const CONTACT = "4915112340001";
const FINAL_OUT = new Set(["delivered", "read", "failed"]);

/**
 * a) Two workers; a contact streams inbound messages and the API streams sends; the owning
 * worker is SIGKILLed half-way. Every inbound message must be stored exactly once, every send
 * must end delivered or failed with a reason, and no Idempotency-Key may stay locked.
 */
export async function ownerKilledMidStream(o: ChaosOptions): Promise<ScenarioReport> {
  const s = await startStack({ workers: 2, leaseTtlMs: o.failoverLeaseTtlMs, sendHoldMs: o.sendHoldMs });
  try {
    const t = await newTenant(s, "chaos-a");
    const { sessionId, phone } = await linkSession(s, t, "chaos-a");
    const owner = (await getSession(s, t, sessionId)).owner as string;
    const victim = s.rt.workers.find((w) => w.workerId === owner);
    if (!victim) throw new Error(`owner ${owner} is not one of the runtime's workers`);

    const inTotal = Math.round(o.inboundRate * o.seconds);
    const outTotal = Math.round(o.outboundRate * o.seconds);
    const inSent = new Set<string>();
    let inRefused = 0;
    const callErrors = new Map<string, number>();
    const failed = (err: unknown) => {
      const e = err as Error & { cause?: Error };
      const why = e.cause?.message ?? e.message;
      callErrors.set(why, (callErrors.get(why) ?? 0) + 1);
    };
    const outAccepted = new Map<string, string>(); // idempotency key → message id
    const outRefused = new Map<number, number>(); // HTTP status → count
    let lastAcceptedAt = 0;
    const killAfterMs = (o.seconds * 1000) / 2;
    const started = Date.now();
    const killer = new Promise<number>((resolve) =>
      setTimeout(() => {
        process.kill(victim.pid, "SIGKILL");
        resolve(Date.now() - started);
      }, killAfterMs),
    );

    // The survivor's open as the API shows it, watched from the kill on: waiting for the streams
    // to end first measured their length under load (37–115 s), not the failover.
    const reopened = killer.then(async (killedAt) => {
      await waitFor(
        "the session open on the other worker",
        async () => {
          const cur = await getSession(s, t, sessionId);
          return cur.status === "open" && cur.owner !== owner;
        },
        300_000,
        250,
      );
      return Date.now() - started - killedAt;
    });
    reopened.catch(() => {}); // awaited below; a timeout fails the scenario there

    const body = (k: string) => ({ to: `+${CONTACT}`, type: "text", text: `out ${k}` });
    const [inRate, outRate] = await Promise.all([
      atRate(inTotal, o.inboundRate, async (i) => {
        const text = `in ${i}`;
        const res = await s.sim.call("POST", `/accounts/${phone}/contacts/${CONTACT}/messages`, { text }).catch(failed);
        if (res?.status === 202) inSent.add(text);
        else inRefused++;
      }),
      atRate(outTotal, o.outboundRate, async (i) => {
        const key = `chaos-a-${i}`;
        const res = await s.api
          .call("POST", `/v1/sessions/${sessionId}/messages`, {
            key: t.key,
            json: body(key),
            headers: { "idempotency-key": key },
          })
          .catch(failed);
        if (!res) outRefused.set(0, (outRefused.get(0) ?? 0) + 1);
        else if (res.status === 202) {
          outAccepted.set(key, res.body.id);
          lastAcceptedAt = Date.now();
        } else outRefused.set(res.status, (outRefused.get(res.status) ?? 0) + 1);
      }),
    ]);
    const killedAtMs = await killer;
    const streamsEndedAfterMs = Date.now() - started - killedAtMs;

    // the survivor takes the session over; then the contact's offline queue drains into it
    const reopenedAfterMs = await reopened;
    const stored = async () =>
      (await listAll(s, t, `/v1/sessions/${sessionId}/chats/${CONTACT}/messages`)).filter((m) => m.direction === "in");
    await settle(async () => new Set((await stored()).map((m) => m.text)).size, inSent.size, 20_000, 180_000);
    const inStored = await stored();
    const storedTexts = inStored.map((m) => m.text as string);
    const distinct = new Set(storedTexts);
    const lost = [...inSent].filter((x) => !distinct.has(x)).length;

    // every accepted send settles: delivered/read, or failed with a reason. Quiet alone is no
    // verdict before the last one's hold (+ the workers' sweep of lost sends, + 30 s) is over:
    // a send still queued or sent then is stuck for good.
    const holdOverAt = lastAcceptedAt + o.sendHoldMs + heldSendSweepBoundMs(o.sendHoldMs) + 30_000;
    const outStatus = async () =>
      mapLimit(
        [...outAccepted.values()],
        8,
        async (id) => (await s.api.call("GET", `/v1/sessions/${sessionId}/messages/${id}`, { key: t.key })).body,
      );
    await settle(
      async () => (await outStatus()).filter((m) => FINAL_OUT.has(m.status)).length,
      outAccepted.size,
      20_000,
      180_000,
      holdOverAt,
    );
    const outs = await outStatus();
    const count = (p: (m: any) => boolean) => outs.filter(p).length;
    const contactGot = (await s.sim.call("GET", `/accounts/${phone}/received`)).body.messages as Array<{
      text?: string;
    }>;
    const gotTexts = contactGot.map((m) => m.text).filter((x) => x?.startsWith("out "));
    // for a send that did not settle: whether the contact's phone has it (then its receipt was lost)
    const stuckNotes = outs
      .filter((m) => !FINAL_OUT.has(m.status))
      .map((m) => {
        const text = (m.content?.text ?? m.text) as string | undefined;
        const atPhone = contactGot.filter((r) => r.text === text).length;
        return `stuck ${m.id} (${m.status}, wa ${m.waMessageId ?? "-"}): the contact's phone has it ${atPhone}×`;
      });
    const receivedTwice = gotTexts.length - new Set(gotTexts).size;

    // every key replays: the first answer again (202), never 409 "still in progress"
    let stuckKeys = 0;
    for (let i = 0; i < outTotal; i++) {
      const key = `chaos-a-${i}`;
      const res = await s.api
        .call("POST", `/v1/sessions/${sessionId}/messages`, {
          key: t.key,
          json: body(key),
          headers: { "idempotency-key": key },
          retryRateLimited: true,
        })
        .catch(failed);
      if (res?.status === 409 && /in progress/i.test(res.body?.error?.message ?? res.body?.message ?? "")) stuckKeys++;
    }

    return {
      id: "a",
      title: `owner SIGKILLed mid-stream (2 workers, ${o.inboundRate}/s in, ${o.outboundRate}/s out, ${o.seconds} s)`,
      rows: [
        {
          label: "inbound sent by the contact",
          value: inSent.size,
          note: inRefused ? `${inRefused} refused by the simulator` : "",
        },
        { label: "inbound stored (distinct)", value: distinct.size },
        { label: "inbound lost", value: lost, mustBeZero: true },
        { label: "inbound duplicated in storage", value: storedTexts.length - distinct.size, mustBeZero: true },
        { label: "outbound accepted (202)", value: outAccepted.size },
        {
          label: "outbound refused at the API",
          value: [...outRefused.values()].reduce((a, b) => a + b, 0),
          note: [...outRefused].map(([st, n]) => `${n}× ${st ? `HTTP ${st}` : "no answer"}`).join(", "),
        },
        {
          label: "outbound answered 5xx",
          value: [...outRefused].filter(([st]) => st >= 500).reduce((a, [, n]) => a + n, 0),
          mustBeZero: true,
        },
        { label: "outbound delivered/read", value: count((m) => m.status === "delivered" || m.status === "read") },
        {
          label: "outbound failed with a reason",
          value: count((m) => m.status === "failed" && !!m.failureReason),
          note: summarize(outs.filter((m) => m.status === "failed" && !!m.failureReason).map((m) => m.failureCode)),
        },
        {
          label: "outbound failed without a reason",
          value: count((m) => m.status === "failed" && !m.failureReason),
          mustBeZero: true,
        },
        {
          label: "outbound stuck (queued/sent)",
          value: count((m) => !FINAL_OUT.has(m.status)),
          mustBeZero: true,
          note: summarize(outs.filter((m) => !FINAL_OUT.has(m.status)).map((m) => m.status)),
        },
        { label: "outbound received twice by the contact", value: receivedTwice, mustBeZero: true },
        { label: "Idempotency-Keys stuck in progress", value: stuckKeys, mustBeZero: true },
        {
          label: "HTTP calls that got no answer",
          value: [...callErrors.values()].reduce((a, b) => a + b, 0),
          note: [...callErrors].map(([k, n]) => `${n}× ${k}`).join(", "),
        },
        { label: "owner killed after (ms)", value: killedAtMs },
        { label: "inbound rate achieved (msg/s)", value: inRate, note: `asked ${o.inboundRate}` },
        { label: "outbound rate achieved (msg/s)", value: outRate, note: `asked ${o.outboundRate}` },
        {
          label: "session open on the survivor after kill (ms)",
          value: reopenedAfterMs,
          note: "GET polled from the kill on",
        },
        { label: "streams ended after kill (ms)", value: streamsEndedAfterMs },
      ],
      notes: [
        ...stuckNotes,
        `lease TTL ${o.failoverLeaseTtlMs} ms; send hold ${o.sendHoldMs} ms; the killed worker was ${owner}`,
        "one session at the highest pacing DESIGN allows (600/min, burst 100): sends beyond it are refused 429 up front or fail rate_limited, both clear answers",
      ],
    };
  } finally {
    await s.stop();
  }
}

/** what the workers' sweep adds to the hold before a lost send ends failed (grace + one interval) */
function heldSendSweepBoundMs(holdMs: number): number {
  return Math.min(10_000, holdMs / 2) + Math.max(5_000, Math.round(holdMs / 6));
}

function summarize(xs: string[]): string {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].map(([k, n]) => `${n}× ${k}`).join(", ");
}
