import { NOISE_WA_HEADER } from "@whiskeysockets/baileys";

/** Thrown when the client's byte stream cannot be a WhatsApp Web stream. */
export class FrameError extends Error {}

const MAX_FRAME = 0xffffff;

/**
 * Splits the client's WebSocket byte stream into frames: an intro header first ("WA", 6, 3, or an
 * "ED" routing prefix followed by that header), then 3-byte big-endian length + body, possibly
 * several per WebSocket message or one split over several.
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private introDone = false;
  /** The 4-byte header the client sent; it is mixed into the handshake hash. */
  introHeader: Buffer | undefined;

  feed(data: Buffer): Buffer[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    if (!this.introDone && !this.consumeIntro()) return [];
    const frames: Buffer[] = [];
    while (this.buffer.length >= 3) {
      const size = (this.buffer[0]! << 16) | (this.buffer[1]! << 8) | this.buffer[2]!;
      if (this.buffer.length < size + 3) break;
      frames.push(this.buffer.subarray(3, size + 3));
      this.buffer = this.buffer.subarray(size + 3);
    }
    return frames;
  }

  private consumeIntro(): boolean {
    let offset = 0;
    if (this.buffer.length >= 2 && this.buffer.toString("latin1", 0, 2) === "ED") {
      // Edge routing prefix: "ED", 0, 1, 3-byte length, routing info. We never send routing info,
      // but a client that kept one from elsewhere still gets through.
      if (this.buffer.length < 7) return false;
      const len = (this.buffer[4]! << 16) | (this.buffer[5]! << 8) | this.buffer[6]!;
      offset = 7 + len;
    }
    if (this.buffer.length < offset + NOISE_WA_HEADER.length) return false;
    const header = this.buffer.subarray(offset, offset + NOISE_WA_HEADER.length);
    if (header[0] !== NOISE_WA_HEADER[0] || header[1] !== NOISE_WA_HEADER[1]) {
      throw new FrameError("stream does not start with the WhatsApp intro header");
    }
    this.introHeader = Buffer.from(header);
    this.buffer = this.buffer.subarray(offset + NOISE_WA_HEADER.length);
    this.introDone = true;
    return true;
  }
}

/** Prefixes a body with its 3-byte big-endian length. */
export function encodeFrame(body: Uint8Array): Buffer {
  if (body.length > MAX_FRAME) throw new FrameError("frame too large");
  const frame = Buffer.allocUnsafe(body.length + 3);
  frame[0] = (body.length >>> 16) & 0xff;
  frame[1] = (body.length >>> 8) & 0xff;
  frame[2] = body.length & 0xff;
  frame.set(body, 3);
  return frame;
}
