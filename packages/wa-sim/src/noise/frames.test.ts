import { NOISE_WA_HEADER } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { encodeFrame, FrameError, FrameReader } from "./frames";

describe("FrameReader", () => {
  it("strips the intro header and reassembles frames split across and packed into chunks", () => {
    const reader = new FrameReader();
    const stream = Buffer.concat([
      NOISE_WA_HEADER,
      encodeFrame(Buffer.from("hello")),
      encodeFrame(Buffer.from("world!")),
    ]);
    const frames = [
      ...reader.feed(stream.subarray(0, 6)),
      ...reader.feed(stream.subarray(6, 13)),
      ...reader.feed(stream.subarray(13)),
    ];
    expect(frames.map((f) => f.toString())).toEqual(["hello", "world!"]);
    expect(reader.introHeader).toEqual(Buffer.from(NOISE_WA_HEADER));
  });

  it("accepts an edge-routing prefix before the header", () => {
    const routing = Buffer.from([1, 2, 3]);
    const prefix = Buffer.concat([Buffer.from("ED"), Buffer.from([0, 1, 0, 0, routing.length]), routing]);
    const frames = new FrameReader().feed(Buffer.concat([prefix, NOISE_WA_HEADER, encodeFrame(Buffer.from("x"))]));
    expect(frames.map((f) => f.toString())).toEqual(["x"]);
  });

  it("rejects a stream that is not WhatsApp's", () => {
    expect(() => new FrameReader().feed(Buffer.from("GET / HTTP/1.1\r\n"))).toThrow(FrameError);
  });
});
