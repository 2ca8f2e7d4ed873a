import { describe, expect, it } from "vitest";
import { encodeQueueBody } from "./queue-body";

describe("SQS message bodies", () => {
  const strings = [
    "out 😀",
    "مرحبا بالعالم",
    "e\u0301\u0308 combining",
    "\ufffe\uffff",
    "lone \ud800 high and \udc00 low surrogates",
    "tab\tnewline\ncontrol\u0001 del\u007f",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧 🇩🇪",
    'quotes " and \\ backslashes',
  ];

  it.each(strings)("is printable ASCII and parses back to exactly %j", (text) => {
    const body = encodeQueueBody({ text, nested: [text] });
    expect(body).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(body)).toEqual({ text, nested: [text] });
  });

  it("leaves plain ASCII JSON as JSON.stringify writes it", () => {
    expect(encodeQueueBody({ a: "b", n: 1 })).toBe('{"a":"b","n":1}');
  });
});
