import { ValidationError } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

const ATTRS = ["pk", "sk"] as const;
const accept = (k: Record<string, string>) => k.pk === "TENANT#ten_1";

function rejects(cursor: string) {
  try {
    decodeCursor(cursor, ATTRS, accept);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).details).toEqual([expect.objectContaining({ path: "query.cursor" })]);
    return;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

describe("page cursors", () => {
  it("round-trip a key as url-safe text", () => {
    const key = { pk: "TENANT#ten_1", sk: "KEY#key_1/+?" };
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, ATTRS, accept)).toEqual(key);
  });

  it("reject text that is not base64url JSON of an object", () => {
    rejects("hello world");
    rejects(Buffer.from("not json").toString("base64url"));
    rejects(Buffer.from('"a string"').toString("base64url"));
    rejects(Buffer.from("[]").toString("base64url"));
    rejects(Buffer.from("null").toString("base64url"));
  });

  it("reject keys with missing, extra or non-string attributes", () => {
    rejects(encodeCursor({ pk: "TENANT#ten_1" }));
    rejects(encodeCursor({ pk: "TENANT#ten_1", sk: "x", gsi1pk: "y" }));
    rejects(Buffer.from(JSON.stringify({ pk: "TENANT#ten_1", sk: 5 })).toString("base64url"));
    rejects(Buffer.from(JSON.stringify({ pk: "TENANT#ten_1", sk: { S: "x" } })).toString("base64url"));
  });

  it("reject a well-formed key the query does not own", () => {
    rejects(encodeCursor({ pk: "TENANT#ten_2", sk: "KEY#key_1" }));
  });
});
