/**
 * Part of the probe (bench processes only, never production): how many Baileys handshakes
 * ran their server-hello work in one turn of the event loop. Baileys checks the hello's
 * certificate chain with two curve25519 signature verifications (`Curve.verify` → libsignal's
 * `verifySignature`: ~8 ms each in pure JS, under 1 ms since the libsignal patch) in the task that
 * received the hello, so hellos that arrive together make one long turn. The wrapper counts calls between two
 * turns (an immediate closes the count); {cmd:"hellos"} answers the histogram and resets it.
 */
type Verify = (...a: unknown[]) => boolean;
/** turns by the handshakes (verify pairs) they ran */
let byCount: Record<number, number> = {};
let inTurn = 0;

try {
  // Baileys' own Curve object: its noise handler reads `Curve.verify` at each call, so the
  // wrapper takes even though the simulator's preload loaded Baileys before this probe
  const { Curve } = (await import("@whiskeysockets/baileys")) as unknown as { Curve: { verify: Verify } };
  const verify = Curve.verify;
  Curve.verify = (...a: unknown[]) => {
    if (inTurn++ === 0)
      setImmediate(() => {
        const hellos = Math.ceil(inTurn / 2);
        byCount[hellos] = (byCount[hellos] ?? 0) + 1;
        inTurn = 0;
      });
    return verify(...a);
  };
} catch {
  // a process without Baileys: nothing to count
}

process.on("message", (msg: { cmd?: string; seq?: number }) => {
  if (msg?.cmd !== "hellos") return;
  const turns = Object.entries(byCount).map(([n, t]) => [Number(n), t] as const);
  const total = turns.reduce((a, [, t]) => a + t, 0);
  process.send?.({
    type: "hellos",
    seq: msg.seq,
    // turns that ran hellos, by how many each ran
    turns: Object.fromEntries(turns),
    maxPerTurn: Math.max(0, ...turns.map(([n]) => n)),
    // the share of hello-running turns that ran more than two (> ~35 ms of certificate checks)
    overTwo: total ? Math.round((turns.filter(([n]) => n > 2).reduce((a, [, t]) => a + t, 0) / total) * 100) / 100 : 0,
  });
  byCount = {};
});

export {};
