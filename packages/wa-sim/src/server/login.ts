import { S_WHATSAPP_NET, type proto } from "@whiskeysockets/baileys";
import { randomBytes } from "node:crypto";
import type { RegistrationData } from "../pairing/types";
import { nowSeconds, readUIntBE } from "../wire/nodes";
import type { SimConnection } from "./connection";
import type { SimContext } from "./context";

const QR_REFS = 6;

/** ClientFinish decrypted: a new device registering (pairing data present) or a login. */
export function handleClientPayload(ctx: SimContext, conn: SimConnection, payload: proto.ClientPayload): void {
  if (payload.devicePairingData) startRegistration(ctx, conn, payload);
  else login(ctx, conn, payload);
}

/** A new companion: remember its keys and hand out QR refs (pair-device). */
function startRegistration(ctx: SimContext, conn: SimConnection, payload: proto.ClientPayload): void {
  if (ctx.faults.openUnlinked > 0) {
    ctx.faults.openUnlinked--;
    openUnlinked(conn);
    return;
  }
  const data = payload.devicePairingData!;
  const registration: RegistrationData | undefined = parseRegistration(data, payload);
  if (!registration) {
    conn.sendNode({ tag: "failure", attrs: { reason: "400" } });
    conn.closeSoon();
    return;
  }
  ctx.stats.registrations++;
  conn.registration = registration;
  conn.refs = Array.from({ length: QR_REFS }, () => `2@${randomBytes(24).toString("base64")}`);
  for (const ref of conn.refs) ctx.refs.set(ref, conn);
  conn.sendNode({
    tag: "iq",
    attrs: { id: conn.nextId(), type: "set", from: S_WHATSAPP_NET, xmlns: "md" },
    content: [
      {
        tag: "pair-device",
        attrs: {},
        content: conn.refs.map((ref) => ({ tag: "ref", attrs: {}, content: Buffer.from(ref) })),
      },
    ],
  });
}

/** The fault: a new device let in as if logged in, with no account behind it (no pairing). */
function openUnlinked(conn: SimConnection): void {
  conn.sendNode({
    tag: "success",
    attrs: { t: nowSeconds(), lid: `${randomBytes(6).readUIntBE(0, 6)}:1@lid`, props: "1", location: "sim" },
  });
}

function parseRegistration(
  data: proto.ClientPayload.IDevicePairingRegistrationData,
  payload: proto.ClientPayload,
): RegistrationData | undefined {
  const registrationId = readUIntBE(data.eRegid ? Buffer.from(data.eRegid) : undefined);
  const keyId = readUIntBE(data.eSkeyId ? Buffer.from(data.eSkeyId) : undefined);
  if (
    registrationId === undefined ||
    keyId === undefined ||
    data.eIdent?.length !== 32 ||
    data.eSkeyVal?.length !== 32 ||
    !data.eSkeySig
  ) {
    return undefined;
  }
  return {
    registrationId,
    identityKey: Buffer.from(data.eIdent),
    signedPreKey: { keyId, publicKey: Buffer.from(data.eSkeyVal), signature: Buffer.from(data.eSkeySig) },
    platform: String(payload.userAgent?.platform ?? "WEB"),
  };
}

/**
 * A linked device logging in: accept only the account's registered device with its noise key,
 * unless logins are being refused. A second login kicks the first connection (440 replaced).
 */
function login(ctx: SimContext, conn: SimConnection, payload: proto.ClientPayload): void {
  const phone = String(payload.username ?? "");
  const account = ctx.directory.accounts.get(phone);
  const refuse = (reason: number): void => {
    ctx.stats.refusedLogins++;
    conn.sendNode({ tag: "failure", attrs: { reason: String(reason), location: "sim" } });
    conn.closeSoon();
  };
  if (account?.refusal) {
    const refusal = account.refusal;
    if (refusal.remaining !== null && --refusal.remaining <= 0) account.refusal = undefined;
    refuse(refusal.code);
    return;
  }
  const device = account?.device;
  if (!account || !device || payload.device !== 1 || !conn.clientStatic || !device.noiseKey.equals(conn.clientStatic)) {
    refuse(401);
    return;
  }
  const previous = account.conn;
  if (previous && previous !== conn) {
    previous.sendNode({ tag: "stream:error", attrs: {}, content: [{ tag: "conflict", attrs: { type: "replaced" } }] });
    previous.closeSoon();
  }
  ctx.stats.logins++;
  account.conn = conn;
  account.ready = false;
  conn.account = account;
  conn.sendNode({
    tag: "success",
    attrs: {
      t: nowSeconds(),
      lid: `${account.lid}:1@lid`,
      props: "1",
      creation: String(Math.floor(device.linkedAt / 1000)),
      location: "sim",
    },
  });
}
