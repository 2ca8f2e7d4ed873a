/**
 * Raw-Baileys baseline only (preloaded into raw-baileys.ts by the fleet bench): a switch between
 * the installed libsignal's signature check (patched: native Ed25519, patches/libsignal@6.0.0.patch)
 * and stock libsignal 6.0.0's (curve25519-js, pure JS), so one run reports raw Baileys' reconnect
 * both as installed here and as it comes from npm. Loaded before Baileys: Baileys imports
 * libsignal's curve.js as an ES namespace, which copies the export it sees first, this wrapper.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const curve = require("libsignal/src/curve");
const curveJs = require("curve25519-js");
const installed = curve.verifySignature;

/** stock 6.0.0: the same input checks (installed's with isInit, which skips the check), then curve25519-js */
function stock(pubKey, msg, sig, isInit) {
  installed(pubKey, msg, sig, true);
  if (isInit) return true;
  return curveJs.verify(pubKey.byteLength === 33 ? pubKey.subarray(1) : pubKey, msg, sig);
}

curve.verifySignature = (pubKey, msg, sig, isInit) =>
  globalThis.__wharfStockVerify === true ? stock(pubKey, msg, sig, isInit) : installed(pubKey, msg, sig, isInit);
