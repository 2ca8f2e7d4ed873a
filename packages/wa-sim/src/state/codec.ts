import { z } from "zod";
import { SIM_STATE_VERSION, type SimSnapshot } from "./snapshot";

const BUFFER_TAG = "Buffer";

/** Buffers (and Uint8Arrays) as `{type:"Buffer",data:base64}`; Buffer's own toJSON gives number arrays. */
function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { type: BUFFER_TAG, data: Buffer.from(value).toString("base64") };
  const v = value as { type?: unknown; data?: unknown } | null;
  if (v && typeof v === "object" && v.type === BUFFER_TAG && Array.isArray(v.data))
    return { type: BUFFER_TAG, data: Buffer.from(v.data as number[]).toString("base64") };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  const v = value as { type?: unknown; data?: unknown } | null;
  if (v && typeof v === "object" && v.type === BUFFER_TAG && typeof v.data === "string" && Object.keys(v).length === 2)
    return Buffer.from(v.data, "base64");
  return value;
}

// The outer shape only: the inner records are the simulator's own, written by the same code.
const SavedState = z.looseObject({
  version: z.number().int(),
  savedAt: z.string(),
  nextPhone: z.number().int().positive(),
  parties: z.array(z.looseObject({ pn: z.string(), lid: z.string(), kind: z.enum(["contact", "phone"]) })),
  accounts: z.array(z.looseObject({ id: z.string(), phone: z.string() })),
});

export function encodeSimState(snapshot: SimSnapshot): string {
  return JSON.stringify(snapshot, replacer);
}

/**
 * Parses saved state. Throws on text that is not a saved state; returns undefined for a state
 * saved by an incompatible version (the simulator then starts empty rather than misreading it).
 */
export function decodeSimState(text: string): SimSnapshot | undefined {
  const parsed = SavedState.safeParse(JSON.parse(text, reviver));
  if (!parsed.success) throw new Error(`not a saved simulator state: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  if (parsed.data.version !== SIM_STATE_VERSION) return undefined;
  return parsed.data as unknown as SimSnapshot;
}
