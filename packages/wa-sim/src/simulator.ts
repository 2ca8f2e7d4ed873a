import { Curve } from "@whiskeysockets/baileys";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { pino } from "pino";
import { WebSocketServer } from "ws";
import { createAdminHandler } from "./admin/http";
import { SimulatorApi } from "./api";
import { GroupRegistry } from "./groups/model";
import { startMediaServer } from "./media/server";
import { DEFAULT_MEDIA_LIMITS, MediaStore } from "./media/store";
import { buildCertChain } from "./noise/certificate";
import { resolveSettings, type SimulatorOptions } from "./options";
import { DEFAULT_ROOT_SEED, keyPairFromSeed, type KeyPair } from "./root-key";
import { SimConnection } from "./server/connection";
import type { SimContext } from "./server/context";
import { handleClientPayload } from "./server/login";
import { routeNode } from "./server/router";
import { requeueUnackedReceipts } from "./messaging/offline-queue";
import { Directory } from "./state/directory";
import { createStatePersister } from "./state/persister";
import { restoreWorld, worldSnapshot } from "./state/world";

export const WS_PATH = "/ws/chat";

export type Simulator = SimulatorApi;

/**
 * Starts a WhatsApp Web server simulator: the multi-device protocol on ws://HOST:PORT/ws/chat and
 * the admin API on http://HOST:PORT/admin, on one loopback HTTP server.
 */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? "127.0.0.1";
  const logger = options.logger ?? pino({ name: "wa-sim", level: "info" });
  const rootSeed = options.rootSeed ?? DEFAULT_ROOT_SEED;
  const serverStatic = Curve.generateKeyPair() as KeyPair;
  // without a store the state lives in this simulator only, and nothing pays for snapshots
  const store = options.stateStore;
  const directory = new Directory(logger, () => persister.changed());
  const persister = store
    ? createStatePersister({
        store,
        // ctx exists by the first (debounced) save
        snapshot: () => ({ ...directory.snapshot(), ...worldSnapshot(ctx) }),
        debounceMs: options.stateSaveDebounceMs ?? 1_000,
        logger,
      })
    : { changed: () => undefined, flush: async () => undefined, close: async () => undefined };
  const saved = await store?.load();
  if (saved) {
    directory.restore(saved);
    logger.info({ accounts: directory.accounts.size, savedAt: saved.savedAt }, "wa-sim state restored");
  }
  const ctx: SimContext = {
    settings: resolveSettings(options),
    directory,
    logger,
    serverStatic,
    certChain: buildCertChain(rootSeed, serverStatic),
    connections: new Set(),
    refs: new Map(),
    faults: { stallHandshakes: 0, openUnlinked: 0, garbleHandshakes: 0 },
    stats: {
      handshakes: 0,
      logins: 0,
      refusedLogins: 0,
      registrations: 0,
      messagesToAccounts: 0,
      messagesFromAccounts: 0,
    },
    groups: new GroupRegistry(),
    media: { store: new MediaStore({ ...DEFAULT_MEDIA_LIMITS, ...options.mediaLimits }), server: undefined },
  };
  if (saved) restoreWorld(ctx, saved);

  const handlers = {
    // a protocol step may link a device, take up prekeys or unlink: save after each (debounced)
    onPayload: (conn: SimConnection, payload: Parameters<typeof handleClientPayload>[2]) => {
      handleClientPayload(ctx, conn, payload);
      persister.changed();
    },
    onNode: async (conn: SimConnection, node: Parameters<typeof routeNode>[2]) => {
      try {
        await routeNode(ctx, conn, node);
      } finally {
        persister.changed();
      }
    },
    onClose: (conn: SimConnection) => {
      persister.changed();
      ctx.connections.delete(conn);
      for (const ref of conn.refs) ctx.refs.delete(ref);
      if (conn.link) conn.link.waiter.reject(new Error("client disconnected before linking finished"));
      conn.linkCode?.entered?.waiter.reject(new Error("client disconnected before linking finished"));
      const account = conn.account;
      if (account) requeueUnackedReceipts(account, conn);
      if (account?.conn === conn) {
        account.conn = undefined;
        account.ready = false;
      }
    },
  };

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const api = new SimulatorApi(ctx, keyPairFromSeed(rootSeed).public);
  const admin = createAdminHandler(api, logger);
  // admin calls change groups, profiles and blocklists without a client node: save after each too
  const server: Server = createServer((req, res) => {
    res.once("finish", () => persister.changed());
    return admin(req, res);
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("upgrade", (req, socket, head) => {
    if (new URL(req.url ?? "/", "http://sim").pathname !== WS_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ctx.connections.add(new SimConnection(ws, ctx, handlers));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // The media host (uploads/downloads) is HTTPS with the simulator CA's certificate: its own port.
  const media = await startMediaServer({ store: ctx.media.store, host, port: options.mediaPort ?? 0, logger });
  ctx.media.server = media;
  if (host !== "127.0.0.1" && host !== "::1" && host !== "localhost") {
    logger.warn({ host }, "wa-sim listens beyond loopback: its admin API has no authentication");
  }
  const urlHost = host.includes(":") ? `[${host}]` : host;
  api.bind({
    url: `ws://${urlHost}:${port}${WS_PATH}`,
    adminUrl: `http://${urlHost}:${port}/admin`,
    port,
    host,
    mediaOrigin: media.origin,
    // a server restart: connections drop and nothing listens for a while, but accounts and
    // their linked devices survive, as they do on WhatsApp's side
    restart: async (downMs: number) => {
      for (const conn of ctx.connections) conn.terminate();
      server.close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => (server.off("error", reject), resolve()));
      });
    },
    close: async () => {
      for (const conn of ctx.connections) conn.terminate();
      wss.close();
      await media.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      // a last save, also of changes made through the in-process API (no node or admin call after them)
      persister.changed();
      await persister.close();
    },
  });
  logger.info({ port, host, mediaPort: media.port }, "wa-sim listening");
  return api;
}
