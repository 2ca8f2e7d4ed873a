import { SenderKeyMessage } from "@whiskeysockets/baileys/lib/Signal/Group/sender-key-message.js";

/**
 * A client's group message reaches every simulated member as the same bytes under the same
 * signing key, and each member's sender-key decrypt checks that XEdDSA signature in pure JS
 * (~5-20 ms): a 256-member group spent seconds per message on 255 identical checks. Pairs that
 * verified are remembered (a few, newest kept), so one fan-out costs one check; a failing pair is
 * never remembered and still throws. Applies to every SenderKeyMessage in this process.
 */
const REMEMBERED = 256;
const verified = new Set<string>();
export const signatureChecks = { verified: 0, remembered: 0 };

type Verify = (this: SenderKeyMessage, signatureKey: Uint8Array) => void;
const proto = SenderKeyMessage.prototype as unknown as { verifySignature: Verify; __simRemembers?: true };

if (!proto.__simRemembers) {
  const check = proto.verifySignature;
  proto.__simRemembers = true;
  proto.verifySignature = function (this: SenderKeyMessage, signatureKey: Uint8Array) {
    const pair = `${Buffer.from(signatureKey).toString("base64")}:${Buffer.from(this.serialize()).toString("base64")}`;
    if (verified.has(pair)) {
      signatureChecks.remembered++;
      return;
    }
    check.call(this, signatureKey);
    signatureChecks.verified++;
    verified.add(pair);
    if (verified.size > REMEMBERED) verified.delete(verified.values().next().value!);
  };
}
