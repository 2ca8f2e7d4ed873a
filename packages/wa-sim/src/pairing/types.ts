import type { KeyPair } from "../root-key";
import type { Account, SignedPreKeyRecord } from "../state/types";

/** What a registering client announced in ClientPayload.devicePairingData. */
export interface RegistrationData {
  registrationId: number;
  identityKey: Buffer;
  signedPreKey: SignedPreKeyRecord;
  platform: string;
}

export interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

/** pair-success sent, waiting for the client's pair-device-sign. */
export interface PendingLink {
  account: Account;
  iqId: string;
  deviceDetails: Buffer;
  accountSignatureKey: Buffer;
  keyIndex: number;
  waiter: Waiter;
}

/** Pairing-code state on a registering connection (companion_hello received). */
export interface LinkCodeState {
  phone: string;
  ref: Buffer;
  wrappedCompanionEphemeral: Buffer;
  /** Set once the virtual phone "typed" the code. */
  entered?: {
    account: Account;
    phoneEphemeral: KeyPair;
    companionEphemeral: Buffer;
    waiter: Waiter;
  };
}
