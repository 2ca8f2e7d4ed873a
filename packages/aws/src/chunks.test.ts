import { describe, expect, it } from "vitest";
import { chunkBySize } from "./chunks";

describe("chunkBySize", () => {
  const len = (s: string) => s.length;

  it("keeps order and closes a batch at the item limit", () => {
    expect(chunkBySize(["a", "b", "c", "d", "e"], 2, 100, len)).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  it("closes a batch before the item that would pass the size limit", () => {
    expect(chunkBySize(["aaa", "bb", "cccc", "d"], 10, 5, len)).toEqual([
      ["aaa", "bb"],
      ["cccc", "d"],
    ]);
  });

  it("gives an item bigger than the size limit a batch of its own", () => {
    expect(chunkBySize(["a", "bbbbbbb", "c"], 10, 5, len)).toEqual([["a"], ["bbbbbbb"], ["c"]]);
  });

  it("makes no batch of nothing", () => {
    expect(chunkBySize([], 10, 5, len)).toEqual([]);
  });
});
