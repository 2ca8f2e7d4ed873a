/**
 * The raw-Baileys baseline (DESIGN §10): the same simulator, plain Baileys sockets with
 * in-memory auth state and nothing of Wharf around them. Driven over IPC by run.ts; memory is
 * measured by probe.ts in this same process.
 */
import {
  linkByQr,
  reconnect,
  silenceLibsignalSessionLogs,
  type LinkingSimulator,
  type SimClient,
} from "@wharf/wa-sim/testing";

silenceLibsignalSessionLogs();

type Command =
  | { cmd: "link"; seq: number; ids: string[]; url: string; adminUrl: string; concurrency: number }
  | { cmd: "end"; seq: number }
  // stockVerify: libsignal's signature checks in pure JS, as stock 6.0.0 has them (stock-verify.mjs)
  | { cmd: "reconnect"; seq: number; count: number; stockVerify?: boolean }
  | { cmd: "send"; seq: number; sockets: number; total: number; to: string }
  | { cmd: "measure"; seq: number };

const linked: SimClient[] = [];
let open: SimClient[] = [];
let sim: LinkingSimulator | undefined;

async function pool<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

function remote(url: string, adminUrl: string): LinkingSimulator {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${adminUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  };
  return {
    url,
    scanQr: (id, qr) => post(`/accounts/${id}/scan`, { qr }),
    enterPairingCode: (id, code) => post(`/accounts/${id}/pairing-code`, { code }),
  };
}

async function handle(c: Command): Promise<unknown> {
  switch (c.cmd) {
    case "link": {
      sim = remote(c.url, c.adminUrl);
      const t0 = Date.now();
      const clients: SimClient[] = [];
      await pool(c.ids, c.concurrency, async (id) => void clients.push(await linkByQr(sim!, id)));
      // links add up across calls (the bench links in steps)
      linked.push(...clients);
      open.push(...clients);
      return { ms: Date.now() - t0, open: open.length };
    }
    case "end": {
      // a socket that fails to end (at 2 000 some did) must not leave `open` full: the reconnect
      // below starts after the open ones, so it reconnected none and took 15 ms
      const ended = await Promise.allSettled(open.map((cl) => cl.end()));
      open = [];
      return { open: 0, endFailed: ended.filter((r) => r.status === "rejected").length };
    }
    case "reconnect": {
      const t0 = Date.now();
      const cpu0 = process.cpuUsage();
      const base = open.length;
      const indexes = Array.from({ length: Math.min(c.count, linked.length - base) }, (_, i) => base + i);
      // read by stock-verify.mjs at each signature check; off again for the sends after
      const verifySwitch = globalThis as { __wharfStockVerify?: boolean };
      verifySwitch.__wharfStockVerify = c.stockVerify === true;
      // the reconnected client replaces the linked one (same auth state)
      await pool(indexes, 50, async (i) => {
        linked[i] = await reconnect(sim!, linked[i]!);
      }).finally(() => {
        verifySwitch.__wharfStockVerify = false;
      });
      open.push(...indexes.map((i) => linked[i]!));
      // the client's CPU for the reconnects: what the fleet worker's CPU per opened session compares with
      const cpu = process.cpuUsage(cpu0);
      return { ms: Date.now() - t0, open: open.length, cpuMs: (cpu.user + cpu.system) / 1000 };
    }
    case "send": {
      // the send ceiling: each socket sends its share back to back, all sockets at once
      const sockets = open.slice(0, c.sockets);
      const per = Math.ceil(c.total / sockets.length);
      const jid = `${c.to}@s.whatsapp.net`;
      let sent = 0;
      const cpu0 = process.cpuUsage();
      const t0 = Date.now();
      await Promise.all(
        sockets.map(async (cl) => {
          for (let i = 0; i < per; i++) {
            await cl.sock.sendMessage(jid, { text: "benchmark message" });
            sent++;
          }
        }),
      );
      const ms = Date.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      return { ms, sent, cpuMs: (cpu.user + cpu.system) / 1000 };
    }
    case "measure":
      return undefined; // answered by probe.ts
  }
}

process.on("message", (c: Command) => {
  if (c.cmd === "measure") return;
  void handle(c).then(
    (result) => process.send?.({ seq: c.seq, ok: true, ...(result as object) }),
    (err: unknown) => process.send?.({ seq: c.seq, ok: false, error: String(err) }),
  );
});
process.send?.({ type: "ready" });
