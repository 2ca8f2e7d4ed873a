/**
 * The one way a value becomes an SQS message body: JSON with every code unit outside
 * printable ASCII written as `\uXXXX`. SQS (and the emulator) refuse some valid strings
 * as raw characters (U+FFFE/U+FFFF, lone surrogates; the emulator also astral characters),
 * while the escaped form is plain ASCII that any consumer's JSON.parse turns back exactly.
 */
export function encodeQueueBody(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
