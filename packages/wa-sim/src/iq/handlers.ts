import { getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode } from "@whiskeysockets/baileys";
import { handleGroupIq } from "../groups/iq";
import { handleMediaConnIq } from "../media/media-conn";
import { onAccountReady } from "../messaging/inbound";
import { handleCompanionFinish, handleCompanionHello } from "../pairing/pairing-code";
import { handlePairDeviceSign } from "../pairing/link";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import { iqResult } from "../wire/nodes";
import { handleBlocklistIq, handleProfilePictureIq } from "./contact-profiles";
import { handleEncryptIq } from "./prekeys";
import { handleUsync } from "./usync";

const PRIVACY_DEFAULTS: Record<string, string> = {
  last: "all",
  online: "all",
  profile: "all",
  status: "all",
  readreceipts: "all",
  groupadd: "all",
  calladd: "all",
  messages: "all",
};

/** Every `<iq>` the client sends, by xmlns. Unknown queries get an empty result, like a lenient server. */
export async function handleIq(ctx: SimContext, conn: SimConnection, iq: BinaryNode): Promise<void> {
  const { type, xmlns } = iq.attrs;
  if (type === "result" || type === "error") {
    // Answers to our own IQs: pair-device (nothing to do) and pair-success (pair-device-sign).
    if (getBinaryNodeChild(iq, "pair-device-sign")) handlePairDeviceSign(ctx, conn, iq);
    return;
  }
  switch (xmlns) {
    case "encrypt":
      return handleEncryptIq(ctx, conn, iq);
    case "usync":
      return handleUsync(ctx, conn, iq);
    case "md":
      return handleMdIq(ctx, conn, iq);
    case "w:g2":
      return handleGroupIq(ctx, conn, iq);
    case "passive":
      conn.sendNode(iqResult(iq));
      // The client sends passive after its prekey check: a good moment to flush the offline queue.
      if (conn.account) await onAccountReady(ctx, conn.account);
      return;
    case "w:m":
      if (getBinaryNodeChild(iq, "media_conn")) return handleMediaConnIq(ctx, conn, iq);
      conn.sendNode(iqResult(iq));
      return;
    case "abt":
      conn.sendNode(iqResult(iq, [{ tag: "props", attrs: { protocol: "1", hash: "wa-sim-1" }, content: [] }]));
      return;
    case "blocklist":
      return handleBlocklistIq(ctx, conn, iq);
    case "w:profile:picture":
      return handleProfilePictureIq(ctx, conn, iq);
    case "privacy":
      if (type === "get" && getBinaryNodeChild(iq, "privacy")) {
        const categories = Object.entries(PRIVACY_DEFAULTS).map(([name, value]) => ({
          tag: "category",
          attrs: { name, value },
        }));
        conn.sendNode(iqResult(iq, [{ tag: "privacy", attrs: {}, content: categories }]));
      } else {
        if (type === "set") recordPrivacyTokens(conn, iq);
        conn.sendNode(iqResult(iq));
      }
      return;
    default:
      // w:p pings, presence/tctoken/privacy tokens, w:stats, dirty bits, profile queries...
      conn.sendNode(iqResult(iq));
  }
}

/** Trusted-contact tokens the client issues after a 1:1 send (at most once per contact per period), if any. */
function recordPrivacyTokens(conn: SimConnection, iq: BinaryNode): void {
  if (!conn.account) return;
  for (const token of getBinaryNodeChildren(getBinaryNodeChild(iq, "tokens"), "token"))
    if (token.attrs.type === "trusted_contact" && token.attrs.jid)
      conn.account.privacyTokensIssued.push({ jid: token.attrs.jid, t: Number(token.attrs.t ?? 0) });
}

/** xmlns="md": pairing-code stages and device removal (logout). */
function handleMdIq(ctx: SimContext, conn: SimConnection, iq: BinaryNode): void {
  const reg = getBinaryNodeChild(iq, "link_code_companion_reg");
  if (reg?.attrs.stage === "companion_hello") {
    handleCompanionHello(ctx, conn, iq, reg);
    return;
  }
  if (reg?.attrs.stage === "companion_finish") {
    handleCompanionFinish(ctx, conn, iq, reg);
    return;
  }
  const remove = getBinaryNodeChild(iq, "remove-companion-device");
  if (remove && conn.account) {
    // Logout from the client: forget the device so its credentials stop working (401 next time).
    conn.account.device = undefined;
    ctx.logger.info({ conn: conn.id }, "device logged out by the client");
  }
  conn.sendNode(iqResult(iq));
}
