import type { FieldIssue } from "@wharf/contracts";
import { ValidationError } from "../errors";

/**
 * Recipient normalization: what partners type ("+49 (151) 234-5678", "4915123456789",
 * "4915123456789@s.whatsapp.net", "…@lid", "…@g.us") becomes one WhatsApp JID.
 */
export type RecipientKind = "user" | "lid" | "group";

export interface Recipient {
  jid: string;
  kind: RecipientKind;
  /** country code + number, digits only (users only) */
  phone?: string;
}

export const USER_SERVER = "s.whatsapp.net";
export const LID_SERVER = "lid";
export const GROUP_SERVER = "g.us";

/** E.164 allows at most 15 digits; shorter than 7 is no reachable number. */
export const MIN_PHONE_DIGITS = 7;
export const MAX_PHONE_DIGITS = 15;

const PHONE_CHARS = /^\+?[0-9 ()\-.]+$/;

function invalid(field: string, code: string, message: string): ValidationError {
  const issue: FieldIssue = { path: field, message, code };
  return new ValidationError(`invalid recipient: ${message}`, [issue]);
}

/** Digits of a phone number, validated as E.164 without the "+". */
function phoneDigits(raw: string, field: string): string {
  if (!PHONE_CHARS.test(raw) || raw.indexOf("+", 1) !== -1) {
    throw invalid(
      field,
      "invalid_characters",
      "a phone number may contain only digits, spaces, dashes, dots, parentheses and a leading +",
    );
  }
  const digits = raw.replace(/\D/g, "");
  if (digits.length < MIN_PHONE_DIGITS) {
    throw invalid(
      field,
      "too_short",
      `a phone number needs at least ${MIN_PHONE_DIGITS} digits including the country code`,
    );
  }
  if (digits.length > MAX_PHONE_DIGITS) {
    throw invalid(field, "too_long", `a phone number has at most ${MAX_PHONE_DIGITS} digits`);
  }
  // Country codes never start with 0: "+0…" is malformed, and a bare "0…" is a national
  // number WhatsApp cannot route.
  if (digits.startsWith("0")) {
    throw invalid(field, "leading_zero", "start with the country code (no leading 0 or 00)");
  }
  return digits;
}

/**
 * Normalizes a recipient or throws ValidationError (code validation_failed) whose details
 * name `field` (default "to") and a specific issue code.
 */
export function normalizeRecipient(input: string, field = "to"): Recipient {
  const raw = typeof input === "string" ? input.trim() : "";
  if (raw === "") throw invalid(field, "required", "a recipient is required");

  const at = raw.indexOf("@");
  if (at === -1) {
    const phone = phoneDigits(raw, field);
    return { jid: `${phone}@${USER_SERVER}`, kind: "user", phone };
  }

  const user = raw.slice(0, at);
  const server = raw.slice(at + 1).toLowerCase();
  // A device suffix ("123:4@…") addresses one linked device; sending targets the account.
  const account = user.replace(/:\d+$/, "");

  switch (server) {
    case USER_SERVER:
    case "c.us": {
      if (!/^\d+$/.test(account)) throw invalid(field, "invalid_jid", "the part before @s.whatsapp.net must be digits");
      const phone = phoneDigits(account, field);
      return { jid: `${phone}@${USER_SERVER}`, kind: "user", phone };
    }
    case LID_SERVER:
      if (!/^\d{1,24}$/.test(account)) throw invalid(field, "invalid_jid", "the part before @lid must be digits");
      return { jid: `${account}@${LID_SERVER}`, kind: "lid" };
    case GROUP_SERVER:
      // Current group ids are digits; older ones are "<creator>-<timestamp>".
      if (!/^\d{1,24}(-\d{1,15})?$/.test(user))
        throw invalid(field, "invalid_jid", "the part before @g.us must be a group id");
      return { jid: `${user}@${GROUP_SERVER}`, kind: "group" };
    default:
      throw invalid(
        field,
        "unsupported_server",
        "send to a phone number, <number>@s.whatsapp.net, <id>@lid or <id>@g.us",
      );
  }
}

/** Safe form for logs (no phone numbers in clear): keeps the country-code-ish head and last 2. */
export function redactPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length <= 4) return "*".repeat(digits.length);
  return `${digits.slice(0, 2)}${"*".repeat(digits.length - 4)}${digits.slice(-2)}`;
}

/** Safe form of a JID for logs: user JIDs lose their number, others keep only the server. */
export function redactJid(jid: string): string {
  const at = jid.indexOf("@");
  if (at === -1) return redactPhone(jid);
  const server = jid.slice(at + 1);
  return `${server === USER_SERVER ? redactPhone(jid.slice(0, at)) : "…"}@${server}`;
}
