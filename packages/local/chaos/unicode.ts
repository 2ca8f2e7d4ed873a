/**
 * Random text of the kinds that broke transports before (emoji, RTL, combining marks,
 * noncharacters, lone surrogates), from a seeded generator so a failing run can be replayed.
 */
export const UNICODE_CLASSES = ["emoji", "rtl", "combining", "nonchar", "cjk", "mixed", "lone-surrogate"] as const;
export type UnicodeClass = (typeof UNICODE_CLASSES)[number];

/** classes a WhatsApp message can carry: the wire is protobuf UTF-8, so no lone surrogates */
export const WIRE_CLASSES: UnicodeClass[] = ["emoji", "rtl", "combining", "nonchar", "cjk", "mixed"];

export type Random = () => number;

/** mulberry32: small, fast, seeded; good enough for test data */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: Random, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const between = (rnd: Random, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const cp = (n: number) => String.fromCodePoint(n);

const EMOJI = ["😀", "🎉", "👍🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇩🇪", "🇧🇷", "❤️", "🧑🏿‍🚀", "🫠", "1️⃣", "🦜"];
const NONCHARS = [0xfffe, 0xffff, 0xfdd0, 0xfdef, 0x1fffe, 0x10ffff];
const RTL_MARKS = [0x200f, 0x202b, 0x202e, 0x2067, 0x061c];

function piece(cls: Exclude<UnicodeClass, "mixed">, rnd: Random): string {
  switch (cls) {
    case "emoji":
      return pick(rnd, EMOJI);
    case "rtl":
      // Arabic or Hebrew letters, sometimes behind a bidi control
      return (
        (rnd() < 0.3 ? cp(pick(rnd, RTL_MARKS)) : "") +
        cp(rnd() < 0.5 ? between(rnd, 0x0627, 0x064a) : between(rnd, 0x05d0, 0x05ea))
      );
    case "combining":
      // a base letter under one to four combining marks
      return (
        cp(between(rnd, 0x61, 0x7a)) +
        Array.from({ length: between(rnd, 1, 4) }, () => cp(between(rnd, 0x0300, 0x036f))).join("")
      );
    case "nonchar":
      return cp(pick(rnd, NONCHARS));
    case "cjk":
      return cp(between(rnd, 0x4e00, 0x9fff));
    case "lone-surrogate":
      return String.fromCharCode(rnd() < 0.5 ? between(rnd, 0xd800, 0xdbff) : between(rnd, 0xdc00, 0xdfff));
  }
}

/** 1–maxPieces pieces of the class around ASCII words; "mixed" draws every wire class. */
export function randomText(cls: UnicodeClass, rnd: Random, maxPieces = 12): string {
  const parts: string[] = [];
  const n = between(rnd, 1, maxPieces);
  for (let i = 0; i < n; i++) {
    const c =
      cls === "mixed"
        ? (pick(
            rnd,
            WIRE_CLASSES.filter((w) => w !== "mixed"),
          ) as Exclude<UnicodeClass, "mixed">)
        : cls;
    parts.push(piece(c, rnd));
    if (rnd() < 0.3) parts.push(pick(rnd, [" ", "a", "ok ", "1", "\n"]));
  }
  // a lone surrogate stays lone: never let a high one run into a low one
  return cls === "lone-surrogate" ? parts.join("·") : parts.join("");
}

/** true when the string has no unpaired surrogate (String.prototype.isWellFormed, spelled out) */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}
