import {
  aesDecryptCTR,
  aesDecryptGCM,
  aesEncryptCTR,
  Curve,
  derivePairingCodeKey,
  getBinaryNodeChild,
  S_WHATSAPP_NET,
  type BinaryNode,
} from "@whiskeysockets/baileys";
import { hkdfSync, randomBytes } from "node:crypto";
import { SimError } from "../errors";
import type { KeyPair } from "../root-key";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import type { Account } from "../state/types";
import { bufferContent, iqError, iqResult, nowSeconds } from "../wire/nodes";
import { linkWaiter, sendPairSuccess } from "./link";

const CODE_RE = /^[0-9A-Z]{8}$/;
const BUNDLE_INFO = "link_code_pairing_key_bundle_encryption_key";

const hkdf32 = (ikm: Buffer, salt: Buffer, info: string): Buffer =>
  Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from(info), 32));

/** stage=companion_hello: the client asks to pair by code for a phone number; hand back a ref. */
export function handleCompanionHello(ctx: SimContext, conn: SimConnection, iq: BinaryNode, reg: BinaryNode): void {
  const wrapped = bufferContent(getBinaryNodeChild(reg, "link_code_pairing_wrapped_companion_ephemeral_pub"));
  const phone = (reg.attrs.jid ?? "").split("@")[0]?.split(":")[0] ?? "";
  if (!conn.registration || !wrapped || wrapped.length !== 80 || !phone) {
    conn.sendNode(iqError(iq, 400, "bad-request"));
    return;
  }
  const ref = Buffer.from(randomBytes(16).toString("base64url"));
  conn.linkCode = { phone, ref, wrappedCompanionEphemeral: wrapped };
  conn.sendNode(
    iqResult(iq, [
      {
        tag: "link_code_companion_reg",
        attrs: {},
        content: [{ tag: "link_code_pairing_ref", attrs: {}, content: ref }],
      },
    ]),
  );
}

const HELLO_WAIT_MS = 3_000;

/** The newest connection waiting for a code for this phone; allows for a hello still in flight. */
async function waitForHello(ctx: SimContext, account: Account): Promise<SimConnection | undefined> {
  const deadline = Date.now() + HELLO_WAIT_MS;
  for (;;) {
    const conn = [...ctx.connections]
      .reverse()
      .find((c) => c.isOpen && c.linkCode?.phone === account.phone && !c.linkCode.entered);
    if (conn || Date.now() >= deadline) return conn;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The account's phone "types" the 8-character code the client displays: unwrap the companion's
 * ephemeral key with it and send the phone's wrapped ephemeral key. A wrong code only shows up
 * when the client's key bundle fails to decrypt (companion_finish), exactly as on a real phone.
 */
export async function enterPairingCode(ctx: SimContext, account: Account, rawCode: string): Promise<void> {
  const code = rawCode.trim().toUpperCase();
  if (!CODE_RE.test(code)) throw new SimError("pairing_code_invalid", "pairing code must be 8 letters/digits");
  const conn = await waitForHello(ctx, account);
  const state = conn?.linkCode;
  if (!conn || !state)
    throw new SimError("pairing_not_pending", "no client is waiting for a pairing code for this account");
  const wrapped = state.wrappedCompanionEphemeral;
  const companionKey = await derivePairingCodeKey(code, wrapped.subarray(0, 32));
  const companionEphemeral = aesDecryptCTR(wrapped.subarray(48, 80), companionKey, wrapped.subarray(32, 48));
  const phoneEphemeral = Curve.generateKeyPair() as KeyPair;
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const phoneKey = await derivePairingCodeKey(code, salt);
  const wrappedPrimary = Buffer.concat([salt, iv, aesEncryptCTR(phoneEphemeral.public, phoneKey, iv)]);
  const { promise, waiter } = linkWaiter(ctx);
  state.entered = { account, phoneEphemeral, companionEphemeral, waiter };
  conn.sendNode({
    tag: "notification",
    attrs: { from: S_WHATSAPP_NET, id: conn.nextId(), type: "link_code_companion_reg", t: nowSeconds() },
    content: [
      {
        tag: "link_code_companion_reg",
        attrs: {},
        content: [
          { tag: "link_code_pairing_ref", attrs: {}, content: state.ref },
          { tag: "primary_identity_pub", attrs: {}, content: account.phoneParty.signal.identityKey.public },
          { tag: "link_code_pairing_wrapped_primary_ephemeral_pub", attrs: {}, content: wrappedPrimary },
        ],
      },
    ],
  });
  return promise;
}

/** stage=companion_finish: decrypt the key bundle, derive the adv secret, then pair-success. */
export function handleCompanionFinish(ctx: SimContext, conn: SimConnection, iq: BinaryNode, reg: BinaryNode): void {
  const entered = conn.linkCode?.entered;
  const registration = conn.registration;
  const wrappedBundle = bufferContent(getBinaryNodeChild(reg, "link_code_pairing_wrapped_key_bundle"));
  if (!entered || !registration || !wrappedBundle || wrappedBundle.length < 44 + 96) {
    conn.sendNode(iqError(iq, 400, "bad-request"));
    return;
  }
  conn.linkCode = undefined;
  let bundle: Buffer;
  let shared: Buffer;
  try {
    shared = Curve.sharedKey(entered.phoneEphemeral.private, entered.companionEphemeral);
    const key = hkdf32(shared, wrappedBundle.subarray(0, 32), BUNDLE_INFO);
    bundle = aesDecryptGCM(wrappedBundle.subarray(44), key, wrappedBundle.subarray(32, 44), Buffer.alloc(0));
  } catch {
    conn.sendNode(iqError(iq, 400, "bad-request"));
    entered.waiter.reject(new SimError("pairing_code_mismatch", "the code does not match the one the client shows"));
    return;
  }
  const companionIdentity = bundle.subarray(0, 32);
  const primaryIdentity = bundle.subarray(32, 64);
  const phoneIdentity = entered.account.phoneParty.signal.identityKey;
  if (!companionIdentity.equals(registration.identityKey) || !primaryIdentity.equals(phoneIdentity.public)) {
    conn.sendNode(iqError(iq, 400, "bad-request"));
    entered.waiter.reject(new SimError("pairing_code_mismatch", "key bundle does not match the registering client"));
    return;
  }
  const identityShared = Curve.sharedKey(phoneIdentity.private, companionIdentity);
  const advSecret = hkdf32(
    Buffer.concat([shared, identityShared, bundle.subarray(64, 96)]),
    Buffer.alloc(0),
    "adv_secret",
  );
  conn.sendNode(iqResult(iq));
  sendPairSuccess(ctx, conn, entered.account, advSecret, entered.waiter);
}
