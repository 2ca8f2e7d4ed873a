import {
  getBinaryNodeChild,
  getBinaryNodeChildren,
  jidDecode,
  KEY_BUNDLE_TYPE,
  type BinaryNode,
} from "@whiskeysockets/baileys";
import type { SimConnection } from "../server/connection";
import type { SimContext } from "../server/context";
import type { KeyBundle } from "../signal/party";
import type { Account, LinkedDevice, SignedPreKeyRecord } from "../state/types";
import { bufferContent, childNodes, iqError, iqResult, readUIntBE, writeUIntBE } from "../wire/nodes";

/** xmlns="encrypt": prekey count, digest, upload, signed-prekey rotation, key bundle fetch. */
export async function handleEncryptIq(ctx: SimContext, conn: SimConnection, iq: BinaryNode): Promise<void> {
  const device = conn.account?.device;
  if (!device) {
    conn.sendNode(iqError(iq, 401, "not-authorized"));
    return;
  }
  if (iq.attrs.type === "get") {
    if (getBinaryNodeChild(iq, "count")) {
      const value = ctx.settings.fakePrekeyCount ?? device.preKeys.size;
      conn.sendNode(iqResult(iq, [{ tag: "count", attrs: { value: String(value) } }]));
    } else if (getBinaryNodeChild(iq, "digest")) {
      conn.sendNode(iqResult(iq, [{ tag: "digest", attrs: {} }]));
    } else if (getBinaryNodeChild(iq, "key")) {
      conn.sendNode(iqResult(iq, [{ tag: "list", attrs: {}, content: await fetchBundles(ctx, iq) }]));
    } else {
      conn.sendNode(iqResult(iq));
    }
    return;
  }
  if (getBinaryNodeChild(iq, "registration")) {
    storeUpload(device, iq);
  } else {
    const rotated = parseSignedPreKey(getBinaryNodeChild(getBinaryNodeChild(iq, "rotate"), "skey"));
    if (rotated) device.signedPreKey = rotated;
  }
  conn.sendNode(iqResult(iq));
}

function parseSignedPreKey(skey: BinaryNode | undefined): SignedPreKeyRecord | undefined {
  const keyId = readUIntBE(bufferContent(getBinaryNodeChild(skey, "id")));
  const publicKey = bufferContent(getBinaryNodeChild(skey, "value"));
  const signature = bufferContent(getBinaryNodeChild(skey, "signature"));
  if (keyId === undefined || publicKey?.length !== 32 || !signature) return undefined;
  return { keyId, publicKey, signature };
}

/** Stores an upload: registration id, identity, one-time prekeys and the signed prekey. */
function storeUpload(device: LinkedDevice, iq: BinaryNode): void {
  const registrationId = readUIntBE(bufferContent(getBinaryNodeChild(iq, "registration")));
  if (registrationId !== undefined) device.registrationId = registrationId;
  const identity = bufferContent(getBinaryNodeChild(iq, "identity"));
  if (identity?.length === 32) device.identityKey = identity;
  for (const key of getBinaryNodeChildren(getBinaryNodeChild(iq, "list"), "key")) {
    const id = readUIntBE(bufferContent(getBinaryNodeChild(key, "id")));
    const value = bufferContent(getBinaryNodeChild(key, "value"));
    if (id !== undefined && value?.length === 32) device.preKeys.set(id, value);
  }
  const signed = parseSignedPreKey(getBinaryNodeChild(iq, "skey"));
  if (signed) device.signedPreKey = signed;
}

/** A bundle for the account's companion device, handing out (and removing) one uploaded prekey. */
export function takeDeviceBundle(device: LinkedDevice): KeyBundle {
  const first = device.preKeys.entries().next();
  let preKey: KeyBundle["preKey"];
  if (!first.done) {
    const [keyId, publicKey] = first.value;
    device.preKeys.delete(keyId);
    preKey = { keyId, publicKey };
  }
  return {
    registrationId: device.registrationId,
    identityKey: device.identityKey,
    signedPreKey: device.signedPreKey,
    ...(preKey ? { preKey } : {}),
  };
}

export function bundleNode(jid: string, bundle: KeyBundle): BinaryNode {
  const content: BinaryNode[] = [
    { tag: "registration", attrs: {}, content: writeUIntBE(bundle.registrationId, 4) },
    { tag: "type", attrs: {}, content: KEY_BUNDLE_TYPE },
    { tag: "identity", attrs: {}, content: bundle.identityKey },
    {
      tag: "skey",
      attrs: {},
      content: [
        { tag: "id", attrs: {}, content: writeUIntBE(bundle.signedPreKey.keyId, 3) },
        { tag: "value", attrs: {}, content: bundle.signedPreKey.publicKey },
        { tag: "signature", attrs: {}, content: bundle.signedPreKey.signature },
      ],
    },
  ];
  if (bundle.preKey) {
    content.push({
      tag: "key",
      attrs: {},
      content: [
        { tag: "id", attrs: {}, content: writeUIntBE(bundle.preKey.keyId, 3) },
        { tag: "value", attrs: {}, content: bundle.preKey.publicKey },
      ],
    });
  }
  return { tag: "user", attrs: { jid }, content };
}

/**
 * Bundles for each requested device; unknown devices are left out (the client skips them). A
 * first send to a 256-member group asks for 255 at once, and a contact's keys are made on first
 * use: the loop lets the host's event loop in every 16 bundles.
 */
async function fetchBundles(ctx: SimContext, iq: BinaryNode): Promise<BinaryNode[]> {
  const users: BinaryNode[] = [];
  let step = 0;
  for (const user of childNodes(getBinaryNodeChild(iq, "key"))) {
    const jid = user.attrs.jid;
    if (!jid) continue;
    if (++step % 16 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const bundle = await bundleFor(ctx, jid);
    if (bundle) users.push(bundleNode(jid, bundle));
  }
  return users;
}

async function bundleFor(ctx: SimContext, jid: string): Promise<KeyBundle | undefined> {
  const party = ctx.directory.partyForJid(jid);
  if (!party) return undefined;
  const device = jidDecode(jid)?.device ?? 0;
  if (device === 0) return party.signal.bundle();
  const account: Account | undefined = ctx.directory.accountOfParty(party);
  if (device === 1 && account?.device) return takeDeviceBundle(account.device);
  return undefined;
}
