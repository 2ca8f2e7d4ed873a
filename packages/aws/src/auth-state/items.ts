import { deflateRawSync, inflateRawSync } from "node:zlib";
import { keys } from "../dynamo/keys";
import type { AuthStateKeyring } from "./cipher";
import { AuthStateDecryptError, AuthStateWriteError } from "./errors";

/**
 * Auth-state items live in the session's own partition (so deleting the session deletes
 * them): `AUTH#CREDS` for the creds and `AUTH#KEY#<type>#<id>` per Signal key. The value is
 * sealed (see cipher.ts) with the item's pk and sk as associated data.
 */
export const AUTH_SK_PREFIX = "AUTH#";
export const CREDS_SK = "AUTH#CREDS";
export const AUTH_ENTITY = "auth_state";

export const keySk = (type: string, id: string): string => `AUTH#KEY#${type}#${id}`;

export interface AuthItemKey {
  pk: string;
  sk: string;
}

export const credsKey = (tenantId: string, sessionId: string): AuthItemKey => ({
  pk: keys.sessionPk(tenantId, sessionId),
  sk: CREDS_SK,
});
export const signalKey = (tenantId: string, sessionId: string, type: string, id: string): AuthItemKey => ({
  pk: keys.sessionPk(tenantId, sessionId),
  sk: keySk(type, id),
});

/** Serialises values; the fleet passes Baileys' BufferJSON-based codec. */
export interface AuthValueCodec {
  encode(value: unknown): Buffer;
  decode(bytes: Buffer, what: { kind: "creds" } | { kind: "key"; type: string }): unknown;
}

// Values above this are deflated before sealing (app-state versions can grow large).
const COMPRESS_ABOVE_BYTES = 1024;
// DynamoDB items are at most 400 KB; keep room for keys and attribute names.
export const MAX_SEALED_BYTES = 380_000;
const RAW = 0;
const DEFLATED = 1;

export interface StoredAuthItem extends AuthItemKey {
  entity: string;
  kid: string;
  blob: Uint8Array;
}

export function sealItem(keyring: AuthStateKeyring, key: AuthItemKey, encoded: Buffer): StoredAuthItem {
  const body =
    encoded.length > COMPRESS_ABOVE_BYTES
      ? Buffer.concat([Buffer.of(DEFLATED), deflateRawSync(encoded)])
      : Buffer.concat([Buffer.of(RAW), encoded]);
  const sealed = keyring.seal(body, aad(key));
  if (sealed.blob.length > MAX_SEALED_BYTES) {
    throw new AuthStateWriteError(
      `auth-state value ${key.sk} is ${sealed.blob.length} bytes sealed, over the ${MAX_SEALED_BYTES} byte item budget`,
    );
  }
  return { pk: key.pk, sk: key.sk, entity: AUTH_ENTITY, kid: sealed.kid, blob: sealed.blob };
}

export function openItem(keyring: AuthStateKeyring, item: Record<string, unknown>): Buffer {
  const key = { pk: String(item.pk), sk: String(item.sk) };
  const blob = item.blob;
  if (typeof item.kid !== "string" || !(blob instanceof Uint8Array))
    throw new AuthStateDecryptError(`auth-state item ${key.sk} is malformed`);
  const body = keyring.open({ kid: item.kid, blob: Buffer.from(blob) }, aad(key));
  const flag = body[0];
  if (flag === RAW) return body.subarray(1);
  if (flag === DEFLATED) return inflateRawSync(body.subarray(1));
  throw new AuthStateDecryptError(`auth-state item ${key.sk} has unknown encoding ${String(flag)}`);
}

function aad(key: AuthItemKey): string {
  return `${key.pk}\n${key.sk}`;
}
