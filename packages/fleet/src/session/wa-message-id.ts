/**
 * WhatsApp message ids for messages Wharf sends, derived from Wharf's own message id and
 * reversible, so delivery/read receipts map back to `msg_…` on any worker, even after a
 * failover, without storing a mapping. Shape: "3EB0" + 32 hex (the ULID's 128 bits) + "5746",
 * 40 characters like Baileys' classic ids.
 */
const PREFIX = "3EB0";
const SUFFIX = "5746"; // "WF"
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const WA_ID = /^3EB0([0-9A-F]{32})5746$/;

export function waMessageIdFor(messageId: string): string {
  const ulid = messageId.slice(messageId.indexOf("_") + 1);
  if (!messageId.startsWith("msg_") || ulid.length !== 26) throw new Error(`not a message id: ${messageId}`);
  let bits = 0n;
  for (const ch of ulid) {
    const v = CROCKFORD.indexOf(ch);
    if (v < 0) throw new Error(`not a message id: ${messageId}`);
    bits = (bits << 5n) | BigInt(v);
  }
  return `${PREFIX}${bits.toString(16).toUpperCase().padStart(32, "0")}${SUFFIX}`;
}

/** The Wharf message id behind a WhatsApp id, or null for ids Wharf did not make. */
export function messageIdFromWa(waMessageId: string | null | undefined): string | null {
  const m = waMessageId ? WA_ID.exec(waMessageId) : null;
  if (!m) return null;
  let bits = BigInt(`0x${m[1]}`);
  let out = "";
  for (let i = 0; i < 26; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return `msg_${out}`;
}
