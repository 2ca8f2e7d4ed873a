import { Curve, getBinaryNodeChild, hmacSign, proto, S_WHATSAPP_NET, type BinaryNode } from "@whiskeysockets/baileys";
import { randomInt } from "node:crypto";
import { SimError } from "../errors";
import type { KeyPair } from "../root-key";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import type { Account } from "../state/types";
import { bufferContent, nowSeconds } from "../wire/nodes";
import type { Waiter } from "./types";

const ACCOUNT_SIG_PREFIX = Buffer.from([6, 0]);

/** A promise plus its waiter, rejected with link_timeout if the client does not finish in time. */
export function linkWaiter(ctx: SimContext): { promise: Promise<void>; waiter: Waiter } {
  let waiter!: Waiter;
  const promise = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new SimError("link_timeout", "the client did not finish linking in time")),
      ctx.settings.linkTimeoutMs,
    );
    timer.unref();
    waiter = {
      resolve: () => (clearTimeout(timer), resolve()),
      reject: (err) => (clearTimeout(timer), reject(err)),
    };
  });
  return { promise, waiter };
}

/**
 * The phone approves the companion: send pair-success carrying an ADV device identity signed
 * by the phone's identity key and MAC'd with the companion's adv secret (from the QR, or derived
 * in the pairing-code exchange). Linking completes when pair-device-sign comes back.
 */
export function sendPairSuccess(
  ctx: SimContext,
  conn: SimConnection,
  account: Account,
  advSecret: Buffer,
  waiter: Waiter,
): void {
  const registration = conn.registration;
  if (!registration) throw new SimError("qr_mismatch", "connection is not registering a device");
  const phoneIdentity: KeyPair = account.phoneParty.signal.identityKey;
  const keyIndex = ++account.keyIndexCounter;
  const deviceDetails = Buffer.from(
    proto.ADVDeviceIdentity.encode({
      rawId: randomInt(1, 2 ** 31),
      timestamp: Math.floor(Date.now() / 1000),
      keyIndex,
    }).finish(),
  );
  const accountSignature = Curve.sign(
    phoneIdentity.private,
    Buffer.concat([ACCOUNT_SIG_PREFIX, deviceDetails, registration.identityKey]),
  );
  const signedIdentity = proto.ADVSignedDeviceIdentity.encode({
    details: deviceDetails,
    accountSignatureKey: phoneIdentity.public,
    accountSignature,
  }).finish();
  const container = proto.ADVSignedDeviceIdentityHMAC.encode({
    details: signedIdentity,
    hmac: hmacSign(Buffer.from(signedIdentity), advSecret),
  }).finish();
  const iqId = conn.nextId();
  conn.link = {
    account,
    iqId,
    deviceDetails,
    accountSignatureKey: Buffer.from(phoneIdentity.public),
    keyIndex,
    waiter,
  };
  conn.sendNode({
    tag: "iq",
    attrs: { id: iqId, type: "set", from: S_WHATSAPP_NET, t: nowSeconds() },
    content: [
      {
        tag: "pair-success",
        attrs: {},
        content: [
          { tag: "device-identity", attrs: {}, content: container },
          { tag: "platform", attrs: { name: "android" } },
          { tag: "device", attrs: { jid: `${account.phone}:1@s.whatsapp.net`, lid: `${account.lid}:1@lid` } },
        ],
      },
    ],
  });
}

/**
 * The client's pair-device-sign: check it answers our pair-success, register the device (replacing
 * any previous one, whose live connection is logged out), then ask the client to restart (515).
 */
export function handlePairDeviceSign(ctx: SimContext, conn: SimConnection, node: BinaryNode): void {
  const link = conn.link;
  const registration = conn.registration;
  if (!link || !registration || !conn.clientStatic || node.attrs.id !== link.iqId) return;
  conn.link = undefined;
  const identityNode = getBinaryNodeChild(getBinaryNodeChild(node, "pair-device-sign"), "device-identity");
  const signed = proto.ADVSignedDeviceIdentity.decode(bufferContent(identityNode) ?? Buffer.alloc(0));
  // Shape check only: Baileys' Curve.verify cannot return false for a well-formed signature
  // (libsignal 6 returns false instead of throwing), so a full check would cost ~10 ms of pure-JS
  // curve math per link and still prove nothing.
  if (signed.deviceSignature?.length !== 64 || !Buffer.from(signed.details ?? []).equals(link.deviceDetails)) {
    link.waiter.reject(new SimError("qr_mismatch", "the client's pair-device-sign does not match the pairing"));
    conn.sendNode({ tag: "failure", attrs: { reason: "401" } });
    conn.closeSoon();
    return;
  }
  const { account } = link;
  const previous = account.conn;
  if (previous && previous !== conn) {
    previous.sendNode({ tag: "failure", attrs: { reason: "401" } });
    previous.closeSoon();
  }
  account.device = {
    noiseKey: conn.clientStatic,
    identityKey: registration.identityKey,
    registrationId: registration.registrationId,
    signedPreKey: registration.signedPreKey,
    preKeys: new Map(),
    keyIndex: link.keyIndex,
    platform: registration.platform,
    linkedAt: Date.now(),
  };
  for (const ref of conn.refs) ctx.refs.delete(ref);
  conn.refs = [];
  ctx.logger.info({ conn: conn.id, keyIndex: link.keyIndex }, "device linked");
  link.waiter.resolve();
  conn.sendNode({ tag: "stream:error", attrs: { code: "515" } });
  conn.closeSoon();
}
