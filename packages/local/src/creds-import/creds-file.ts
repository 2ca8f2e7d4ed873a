import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { baileysCodec } from "@wharf/fleet";
import { z } from "zod";
import { CredsFileError } from "./errors";

const Bytes = z.custom<Buffer>(
  (v) => Buffer.isBuffer(v) && v.length > 0,
  'expected bytes as Baileys writes them ({"type":"Buffer","data":"<base64>"})',
);
const KeyPair = z.object({ public: Bytes, private: Bytes });

/** What Baileys needs to log in with creds that belong to a linked account. */
const LinkedCreds = z.looseObject({
  noiseKey: KeyPair,
  signedIdentityKey: KeyPair,
  signedPreKey: z.looseObject({ keyPair: KeyPair, signature: Bytes, keyId: z.number().int() }),
  registrationId: z.number().int(),
  advSecretKey: z.string().min(1),
  me: z.looseObject({ id: z.string().min(1) }, { error: "missing" }),
});

/** Signal key types Baileys' useMultiFileAuthState writes as `<type>-<id>.json` (longest first). */
const KEY_TYPES = [
  "app-state-sync-version",
  "app-state-sync-key",
  "sender-key-memory",
  "identity-key",
  "lid-mapping",
  "device-list",
  "sender-key",
  "pre-key",
  "session",
  "tctoken",
] as const;

export interface CredsToImport {
  creds: Record<string, unknown> & { me: { id: string } };
  /** Signal keys by type, then id (empty without a keys directory) */
  keys: Record<string, Record<string, unknown>>;
}

/**
 * Reads a Baileys creds.json (useMultiFileAuthState's format) and, optionally, the key files
 * beside it. Throws CredsFileError for unreadable JSON or creds that cannot log in.
 */
export function readCredsFile(file: string, keysDir?: string): CredsToImport {
  const creds = parseCreds(readText(file), basename(file));
  return { creds, keys: keysDir ? readKeysDir(keysDir, file) : {} };
}

export function parseCreds(text: string, name = "creds file"): CredsToImport["creds"] {
  const value = parseJson(text, name);
  const parsed = LinkedCreds.safeParse(value);
  if (parsed.success) return parsed.data as CredsToImport["creds"];
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join(".");
  if (path === "me" || path === "me.id")
    throw new CredsFileError(
      `${name}: me.id is missing: these creds name no linked account (they come from a socket that never finished linking). Link the session with a QR code or pairing code instead.`,
    );
  throw new CredsFileError(`${name}: ${path || "(top level)"}: ${issue.message}`);
}

/**
 * `<type>-<id>.json` files (useMultiFileAuthState names them so: "/" → "__", ":" → "-"; the
 * first is undone, the second cannot be, and no key id Baileys writes contains ":").
 */
export function readKeysDir(dir: string, credsFile?: string): CredsToImport["keys"] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch (err) {
    throw new CredsFileError(`cannot read the keys directory ${dir}: ${(err as Error).message}`);
  }
  const keys: CredsToImport["keys"] = {};
  for (const name of names) {
    const path = join(dir, name);
    if (name === "creds.json" || (credsFile && path === credsFile)) continue;
    const stem = name.slice(0, -".json".length);
    const type = KEY_TYPES.find((t) => stem.startsWith(`${t}-`));
    if (!type) throw new CredsFileError(`${name}: not a Baileys key file (<type>-<id>.json)`);
    const id = stem.slice(type.length + 1).replaceAll("__", "/");
    const value = parseJson(readText(path), name);
    if (value === null) continue;
    keys[type] ??= {};
    keys[type][id] = value;
  }
  return keys;
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new CredsFileError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function parseJson(text: string, name: string): unknown {
  try {
    // the worker's own decoding of stored values: Baileys' JSON conventions for Buffers
    return baileysCodec.decode(Buffer.from(text, "utf8"), { kind: "creds" });
  } catch (err) {
    throw new CredsFileError(`${name} is not valid JSON: ${(err as Error).message}`);
  }
}
