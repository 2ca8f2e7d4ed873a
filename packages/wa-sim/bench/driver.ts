/**
 * Bench worker: drives a slice of the benchmark's accounts with real Baileys clients. Several
 * workers split the sockets because on Node 20 every Baileys socket leaves an AsyncLocalStorage
 * behind (DESIGN §10) and one process with thousands of them slows to a crawl; that cost belongs
 * to the driver, not to the simulator being measured. Commands arrive over IPC from accounts.ts.
 */
import {
  linkByQr,
  reconnect,
  silenceLibsignalSessionLogs,
  type LinkingSimulator,
  type SimClient,
} from "../src/testing";
import { trustSimulatorRoot } from "../src/trust";

export type DriverCommand =
  | {
      cmd: "link";
      ids: string[];
      url: string;
      adminUrl: string;
      rootKey: string;
      concurrency: number;
      keepAliveMs: number;
    }
  | { cmd: "await-message"; text: string }
  | { cmd: "reconnect" }
  | { cmd: "stop" };

silenceLibsignalSessionLogs();

let remote: LinkingSimulator | undefined;
let clients: SimClient[] = [];
let socket = {};
const STEP_MS = 300_000;

async function pool<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

let concurrency = 10;

async function handle(command: DriverCommand): Promise<unknown> {
  switch (command.cmd) {
    case "link": {
      const admin = async (path: string, body: unknown): Promise<unknown> => {
        const res = await fetch(`${command.adminUrl}${path}`, { method: "POST", body: JSON.stringify(body) });
        if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
        return res.json();
      };
      remote = {
        url: command.url,
        scanQr: (id, qr) => admin(`/accounts/${id}/scan`, { qr }),
        enterPairingCode: (id, code) => admin(`/accounts/${id}/pairing-code`, { code }),
      };
      trustSimulatorRoot(Buffer.from(command.rootKey, "hex"), { iKnowThisIsTheSimulator: true });
      concurrency = command.concurrency;
      socket = { keepAliveIntervalMs: command.keepAliveMs, connectTimeoutMs: 120_000, defaultQueryTimeoutMs: 120_000 };
      clients = await pool(command.ids, concurrency, (id) => linkByQr(remote!, id, { socket, timeoutMs: STEP_MS }));
      return clients.length;
    }
    case "await-message":
      await Promise.all(
        clients.map((c) => c.waitForMessage((u) => u.message.message?.conversation === command.text, STEP_MS)),
      );
      return clients.length;
    case "reconnect":
      await Promise.all(clients.map((c) => c.end()));
      clients = await pool(clients, concurrency, (c) => reconnect(remote!, c, { socket, timeoutMs: STEP_MS }));
      return clients.length;
    case "stop":
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      process.exit(0);
  }
}

process.on("message", (command: DriverCommand) => {
  handle(command).then(
    (result) => process.send!({ ok: true, result }),
    (err: Error) => process.send!({ ok: false, error: err.stack ?? String(err) }),
  );
});
