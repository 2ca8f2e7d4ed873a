/**
 * The few DER (ASN.1) encoders an X.509 certificate needs. Node can parse and verify certificates
 * (crypto.X509Certificate) but not build them; this keeps the simulator free of a PKI library.
 */

const length = (n: number): Buffer => {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
};

/** One TLV: tag byte, DER length, contents. */
export const tlv = (tag: number, ...contents: Buffer[]): Buffer => {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, ...items);
export const set = (...items: Buffer[]): Buffer => tlv(0x31, ...items);
export const octetString = (data: Buffer): Buffer => tlv(0x04, data);
export const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, "utf8"));
export const boolean = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
/** A BIT STRING whose last byte has `unusedBits` padding bits. */
export const bitString = (data: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.from([unusedBits]), data);
/** EXPLICIT context tag [n] (constructed). */
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);
/** IMPLICIT context tag [n] around primitive contents. */
export const implicit = (n: number, contents: Buffer): Buffer => tlv(0x80 | n, contents);

/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
export const integer = (value: Buffer | number): Buffer => {
  let bytes = typeof value === "number" ? Buffer.from([value]) : value;
  while (bytes.length > 1 && bytes[0] === 0 && bytes[1]! < 0x80) bytes = bytes.subarray(1);
  if (bytes[0]! >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
};

export const oid = (dotted: string): Buffer => {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const out = [a! * 40 + b!];
  for (const part of rest) {
    const chunk: number[] = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
};

/** UTCTime (years before 2050, as X.509 requires). */
export const utcTime = (date: Date): Buffer => {
  const iso = date.toISOString(); // 2024-01-01T00:00:00.000Z
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text, "ascii"));
};

export const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${der
    .toString("base64")
    .match(/.{1,64}/g)!
    .join("\n")}\n-----END ${label}-----\n`;
