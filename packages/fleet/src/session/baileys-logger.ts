import { redactJid, redactPhone } from "@wharf/core";
import { pino, type Logger } from "pino";

// user JIDs (phone@s.whatsapp.net, with an optional :device) and long digit runs (phones)
const USER_JID = /\b(\d{6,20})(:\d+)?@s\.whatsapp\.net\b/g;
const DIGITS = /\b\d{8,20}\b/g;
// fields that carry a person's display name: the account's push name (creds.me.name,
// presence attrs) and contacts' notify names
const NAME_FIELDS = new Set(["name", "pushName", "notify", "verifiedBizName"]);

/** Phone numbers and JIDs redacted, names hidden, binary replaced by its size (exported for the console guard). */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string")
    return value.replace(USER_JID, (jid) => redactJid(jid)).replace(DIGITS, (d) => redactPhone(d));
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrub(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: scrub(value.message, depth + 1) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = NAME_FIELDS.has(k) && typeof v === "string" ? "<name>" : scrub(v, depth + 1);
  return out;
}

/**
 * Baileys' own logger. Baileys logs JIDs and whole protocol nodes; this one scrubs phone
 * numbers from every field and message before writing (log rule: no phone numbers in clear),
 * hides display names (push names are personal data) and replaces binary blobs by their size.
 */
export function createBaileysLogger(
  level: string,
  base: Record<string, unknown>,
  destination?: NodeJS.WritableStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { ...base, lib: "baileys" },
    formatters: { log: (obj) => scrub(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === "string" ? (scrub(a) as string) : a)) as Parameters<typeof method>,
        );
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
