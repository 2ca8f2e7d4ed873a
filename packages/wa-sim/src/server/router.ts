import type { BinaryNode } from "@whiskeysockets/baileys";
import { handleClientGroupMessage } from "../groups/outbound";
import { handleIq } from "../iq/handlers";
import { handleClientMessage } from "../messaging/outbound";
import { handleClientChatstate, handleClientPresence } from "../messaging/presence";
import { handleClientAck, handleClientReceipt } from "../messaging/receipts";
import type { SimConnection } from "./connection";
import type { SimContext } from "./context";

/** Routes a decoded client node by tag. ib and call need no answer. */
export async function routeNode(ctx: SimContext, conn: SimConnection, node: BinaryNode): Promise<void> {
  switch (node.tag) {
    case "iq":
      return handleIq(ctx, conn, node);
    case "message":
      if (node.attrs.to?.endsWith("@g.us")) return handleClientGroupMessage(ctx, conn, node);
      return handleClientMessage(ctx, conn, node);
    case "receipt":
      return handleClientReceipt(ctx, conn, node);
    case "ack":
      return handleClientAck(conn, node);
    case "chatstate":
      return handleClientChatstate(ctx, conn, node);
    case "presence":
      return handleClientPresence(ctx, conn, node);
    default:
      return;
  }
}
