import { describe, expect, it } from "vitest";
import { nextOutboxSeq, outboxSeq } from "./outbox";

describe("event outbox seqs", () => {
  it("sort as strings in time order", () => {
    const seqs = [outboxSeq(9, 0), outboxSeq(10, 0), outboxSeq(10, 1), outboxSeq(1_700_000_000_000, 0)];
    expect([...seqs].reverse().sort()).toEqual(seqs);
  });

  it("never go backwards, even when the clock does", () => {
    const first = nextOutboxSeq(null, 1_000);
    const same = nextOutboxSeq(first, 1_000);
    const behind = nextOutboxSeq(same, 900);
    const later = nextOutboxSeq(behind, 2_000);
    expect([first, same, behind, later]).toEqual([
      outboxSeq(1_000, 0),
      outboxSeq(1_000, 1),
      outboxSeq(1_000, 2),
      outboxSeq(2_000, 0),
    ]);
  });
});
