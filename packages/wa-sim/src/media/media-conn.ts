import type { BinaryNode } from "@whiskeysockets/baileys";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import { iqError, iqResult } from "../wire/nodes";
import type { MediaServer } from "./server";
import type { MediaStore } from "./store";

/** The simulator's media side: the store and, once listening, the HTTPS host. */
export interface MediaContext {
  store: MediaStore;
  server: MediaServer | undefined;
}

/**
 * `<iq xmlns="w:m"><media_conn/></iq>`: the upload auth token, its ttl, and the one media host
 * (the simulator's HTTPS port). Baileys uploads to it and uses it as the host for direct paths.
 */
export function handleMediaConnIq(ctx: SimContext, conn: SimConnection, iq: BinaryNode): void {
  const server = ctx.media.server;
  if (!conn.account || !server) {
    conn.sendNode(iqError(iq, conn.account ? 503 : 401, conn.account ? "service-unavailable" : "not-authorized"));
    return;
  }
  const { store } = ctx.media;
  const ttl = String(store.limits.authTtlSeconds);
  conn.sendNode(
    iqResult(iq, [
      {
        tag: "media_conn",
        attrs: { auth: store.issueAuth(conn.account.id), ttl, auth_ttl: ttl, max_buckets: "1" },
        content: [
          {
            tag: "host",
            attrs: { hostname: server.hostname, maxContentLengthBytes: String(store.limits.maxUploadBytes) },
          },
        ],
      },
    ]),
  );
}
