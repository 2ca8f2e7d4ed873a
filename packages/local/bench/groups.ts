/**
 * Groups benchmark (#12) on the real local stack: DynamoDB Local, fauxqs, the realtime gateway,
 * one real fleet worker (real Baileys) linked to a virtual phone of the in-process simulator.
 *   fan-out: one text to a 256-member group (the account + 255 simulated contacts), repeated:
 *            POST → `sent` frame, POST → all 255 members decrypted it (simulator), worker CPU
 *            (the first send carries the sender key to 255 members, later ones do not)
 *   inbound: members post at --rate msg/s for --seconds: achieved rate, stored vs posted,
 *            event → WS frame and post → stored latency (p50 / p99)
 * Run: cd packages/local && npm run bench:groups -- [--sends 4] [--rate 100] [--seconds 25] [--members 255]
 *   [--settle 180] (how long after the last post to wait for frames; what is not stored by then is "not yet")
 */
import { randomBytes } from "node:crypto";
import { fmt, type Frame, ownCpuMs, postFresh, processCpuMs, type Stack, startStack, waitFor } from "./groups-kit";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SENDS = arg("sends", 4);
const RATE = arg("rate", 100);
const SECONDS = arg("seconds", 25);
const MEMBERS = arg("members", 255);
const SETTLE_S = arg("settle", 180);
const MAX_IN_FLIGHT = 64;
const contact = (i: number) => `4917000${String(i).padStart(5, "0")}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fanOut(s: Stack, groupJid: string) {
  const sent = new Map<string, number>();
  const sentAt = new Map<string, number>();
  s.onFrame((f: Frame, t) => {
    if (f.type !== "message:status" || f.data.status !== "sent") return;
    sent.set(f.data.messageId as string, t);
    sentAt.set(f.data.messageId as string, Date.parse(f.at));
  });
  console.log(`fan-out: one text to a ${MEMBERS + 1}-member group, ${SENDS} sends one after another`);
  const ids: string[] = [];
  for (let i = 0; i < SENDS; i++) {
    const text = `fan-out ${i} ${randomBytes(4).toString("hex")}`;
    const cpuW0 = processCpuMs(s.workerPid);
    const cpuR0 = ownCpuMs();
    const t0 = Date.now();
    const res = await s.call("POST", `/v1/sessions/${s.sessionId}/messages`, { type: "text", to: groupJid, text });
    if (res.status !== 202) throw new Error(`send ${i}: ${res.status} ${JSON.stringify(res.body)}`);
    const id = res.body.id as string;
    ids.push(id);
    const tSent = await waitFor(`send ${i} sent`, async () => sent.get(id), 120_000);
    const cpuWSent = processCpuMs(s.workerPid);
    // the simulator's record of the account's message: which members decrypted it
    const all = await waitFor(
      `send ${i} decrypted by every member`,
      async () => {
        const got = (await s.admin("GET", `/admin/accounts/${s.phone}/received`)).body.messages as Array<{
          text?: string;
          decryptedBy?: string[];
        }>;
        const m = got.find((r) => r.text === text);
        return m && (m.decryptedBy?.length ?? 0) >= MEMBERS ? Date.now() : null;
      },
      120_000,
    );
    // the members' 255 delivery receipts come back to the worker 100 ms later; let them land
    await sleep(1500);
    const cpuW = processCpuMs(s.workerPid) - cpuW0;
    const cpuR = ownCpuMs() - cpuR0;
    console.log(
      `  send ${i + 1}${i === 0 ? " (sender key to 255 members)" : ""}: POST → sent ${tSent - t0} ms, ` +
        `POST → all ${MEMBERS} decrypted ${all - t0} ms (worker's sent event at ${sentAt.get(id)! - t0} ms); worker CPU ${(cpuWSent - cpuW0).toFixed(0)} ms to sent, ` +
        `${cpuW.toFixed(0)} ms incl. receipts; runtime+simulator process CPU ${cpuR.toFixed(0)} ms`,
    );
  }
  // a send must stay `sent`: a late copy of its command must not turn it into a failure
  const statuses = await Promise.all(
    ids.map(async (id) => (await s.call("GET", `/v1/sessions/${s.sessionId}/messages/${id}`)).body),
  );
  const notSent = statuses.filter((m) => m.status !== "sent");
  console.log(
    `  final status: ${statuses.length - notSent.length}/${statuses.length} sent` +
      notSent.map((m) => `; ${m.id} ${m.status} ${m.failureCode ?? ""}`).join(""),
  );
}

/**
 * Each member's first post carries its sender key (a 1:1 pkmsg to the account's device, a new
 * Signal session): done once, 8 at a time, before the timed phase, as in a group that has been
 * talking for a while. Its own figures are printed too.
 */
async function warmUp(s: Stack, groupId: string) {
  const want = new Set<string>();
  const seen = new Set<string>();
  s.onFrame((f) => {
    const wa = f.type === "message:new" ? (f.data.waMessageId as string | null) : null;
    if (wa && want.has(wa)) seen.add(wa);
  });
  const cpuW0 = processCpuMs(s.workerPid);
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < MEMBERS) {
        const i = next++;
        const id = `3EB0W${randomBytes(8).toString("hex").toUpperCase()}`;
        want.add(id);
        const path = `/admin/groups/${groupId}/members/${contact(i)}/messages/text`;
        const status = await postFresh(`${s.simUrl}${path}`, { id, text: `hello ${i}`, pushName: `Member ${i}` });
        if (status !== 202) throw new Error(`warm-up post ${i}: ${status}`);
      }
    }),
  );
  await waitFor("every member's first post framed", async () => seen.size >= MEMBERS, 600_000);
  const ms = Date.now() - t0;
  console.log(
    `inbound warm-up: each of ${MEMBERS} members posts once (sender key to the account): ${(ms / 1000).toFixed(1)} s ` +
      `(${((MEMBERS * 1000) / ms).toFixed(1)} msg/s), worker CPU ${((processCpuMs(s.workerPid) - cpuW0) / MEMBERS).toFixed(1)} ms per message`,
  );
}

async function inbound(s: Stack, groupId: string, groupJid: string) {
  const posted = new Map<string, number>();
  const framed = new Map<string, { arrived: number; eventToFrame: number }>();
  s.onFrame((f, t) => {
    if (f.type !== "message:new") return;
    const wa = f.data.waMessageId as string | null;
    if (wa?.startsWith("3EB0B")) framed.set(wa, { arrived: t, eventToFrame: t - Date.parse(f.at) });
  });
  const total = RATE * SECONDS;
  let refused = 0;
  let resets = 0;
  let failedPosts = 0;
  const cpuW0 = processCpuMs(s.workerPid);
  const start = performance.now();
  const startWall = Date.now();
  const pending: Promise<void>[] = [];
  const progress = setInterval(() => {
    const at = ((Date.now() - startWall) / 1000).toFixed(0);
    console.log(`  … ${at} s: posted ${posted.size - inFlight}, in flight ${inFlight}, framed ${framed.size}`);
  }, 5000);
  let inFlight = 0;
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
    // a post the simulator has not answered holds a socket in the runtime's process: past
    // MAX_IN_FLIGHT the generator waits, so a slow simulator shows as a lower achieved rate
    while (inFlight >= MAX_IN_FLIGHT) await sleep(2);
    // ids start 3EB0B so frames that beat the post's answer still count
    const id = `3EB0B${randomBytes(8).toString("hex").toUpperCase()}`;
    posted.set(id, Date.now());
    const body = { id, text: `busy ${i}`, pushName: `Member ${i % MEMBERS}` };
    const path = `/admin/groups/${groupId}/members/${contact(i % MEMBERS)}/messages/text`;
    pending.push(
      (async () => {
        inFlight++;
        // a reset post is tried again with the same id (a repeat is stored once); then given up
        for (let attempt = 0; ; attempt++) {
          try {
            if ((await postFresh(`${s.simUrl}${path}`, body)) !== 202) refused++;
            inFlight--;
            return;
          } catch {
            resets++;
            if (attempt >= 2) {
              posted.delete(id);
              failedPosts++;
              inFlight--;
              return;
            }
          }
        }
      })(),
    );
  }
  await Promise.all(pending);
  const postSeconds = (performance.now() - start) / 1000;
  // settle: every post framed, or no progress for 30 s, or SETTLE_S after the last post
  let seen = -1;
  let still = Date.now();
  const cutoff = Date.now() + SETTLE_S * 1000;
  while (framed.size < posted.size && Date.now() - still < 30_000 && Date.now() < cutoff) {
    if (framed.size !== seen) {
      seen = framed.size;
      still = Date.now();
    }
    await sleep(200);
  }
  clearInterval(progress);
  const lastFrame = Math.max(...[...framed.values()].map((f) => f.arrived));
  const cpuW = processCpuMs(s.workerPid) - cpuW0;

  // stored: the group chat's messages, paged
  const storedAt = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const q: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = (await s.call("GET", `/v1/sessions/${s.sessionId}/chats/${groupJid}/messages?${q}`)).body;
    for (const m of page.data as Array<{ waMessageId: string | null; updatedAt: string }>)
      if (m.waMessageId && posted.has(m.waMessageId)) storedAt.set(m.waMessageId, Date.parse(m.updatedAt));
    cursor = page.nextCursor;
  } while (cursor);

  const eventToFrame = [...framed.values()].map((f) => f.eventToFrame);
  const postToFrame = [...framed].map(([id, f]) => f.arrived - posted.get(id)!);
  const postToStored = [...storedAt].map(([id, t]) => t - posted.get(id)!);
  console.log(`inbound: ${MEMBERS} members post at ${RATE} msg/s for ${SECONDS} s`);
  console.log(
    `  posted ${posted.size} in ${postSeconds.toFixed(1)} s (${(posted.size / postSeconds).toFixed(1)} msg/s, ` +
      `simulator refused ${refused}, connection errors ${resets}, posts given up ${failedPosts}); framed ${framed.size}, stored ${storedAt.size}, not stored ${posted.size - storedAt.size}; ` +
      `all framed after ${((lastFrame - startWall) / 1000).toFixed(1)} s ` +
      `(${(framed.size / ((lastFrame - startWall) / 1000)).toFixed(1)} msg/s end to end)`,
  );
  console.log(`  event → WS frame:  ${fmt(eventToFrame)}`);
  console.log(`  post → stored:     ${fmt(postToStored)}`);
  console.log(`  post → WS frame:   ${fmt(postToFrame)}`);
  console.log(
    `  worker CPU ${cpuW.toFixed(0)} ms over ${((lastFrame - startWall) / 1000).toFixed(1)} s ` +
      `(${((cpuW / posted.size) * 1).toFixed(1)} ms per message)`,
  );
}

async function main() {
  const t0 = Date.now();
  const s = await startStack();
  try {
    const members = Array.from({ length: MEMBERS }, (_, i) => contact(i));
    const made = await s.admin("POST", "/admin/groups", { creator: s.phone, subject: "Bench group", members });
    if (made.status !== 201) throw new Error(`group: ${made.status} ${JSON.stringify(made.body)}`);
    const { id: groupId, jid: groupJid } = made.body as { id: string; jid: string };
    await waitFor("the group listed", async () => {
      const page = (await s.call("GET", `/v1/sessions/${s.sessionId}/groups`)).body;
      return (page.data as Array<{ jid: string }>).some((g) => g.jid === groupJid);
    });
    console.log(
      `stack up, session open, group of ${members.length + 1} made in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    await fanOut(s, groupJid);
    if (SECONDS > 0) {
      await warmUp(s, groupId);
      await inbound(s, groupId, groupJid);
    }
  } finally {
    await s.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
