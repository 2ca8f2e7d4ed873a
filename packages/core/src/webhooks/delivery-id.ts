import { createHash } from "node:crypto";
import { ID_PREFIXES } from "@wharf/contracts";
import { encodeTime } from "ulid";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * The delivery id of (endpoint, event): a ULID whose time is the event's and whose random
 * part comes from a hash of both ids. Deterministic, so a redelivered event finds its
 * delivery instead of creating a second one; time-ordered, so delivery logs list by time.
 */
export function deliveryIdFor(webhookId: string, eventId: string, eventAt: Date): string {
  return derivedId("delivery", `${webhookId}\n${eventId}`, eventAt);
}

/** A ULID-style id of `kind` with the given time and a random part hashed from `seed`. */
export function derivedId(kind: keyof typeof ID_PREFIXES, seed: string, at: Date): string {
  const digest = createHash("sha256").update(seed).digest();
  let random = "";
  for (let i = 0; i < 16; i++) random += CROCKFORD[(digest[i] ?? 0) & 31];
  return `${ID_PREFIXES[kind]}_${encodeTime(at.getTime(), 10)}${random}`;
}
