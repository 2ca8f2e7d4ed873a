import type { SignalPartySnapshot } from "../signal/party";
import type { Account, LinkedDevice, Party } from "./types";
import type { WorldSnapshot } from "./world";

/** Bumped when the saved shape changes incompatibly; an older file is then ignored, not misread. */
export const SIM_STATE_VERSION = 1;

export interface PartySnapshot {
  kind: Party["kind"];
  pn: string;
  lid: string;
  name: string;
  accountId?: string;
  signal: SignalPartySnapshot;
}

export interface LinkedDeviceSnapshot extends Omit<LinkedDevice, "preKeys"> {
  preKeys: Array<[number, Buffer]>;
}

export interface AccountSnapshot {
  id: string;
  phone: string;
  name: string;
  device?: LinkedDeviceSnapshot;
  keyIndexCounter: number;
}

/**
 * What survives a simulator restart, as WhatsApp's servers and phones would keep it: the
 * virtual accounts and their linked devices (with uploaded prekeys), every party's Signal
 * identity, prekeys and sessions, the PN↔LID directory, and (WorldSnapshot) groups, profiles
 * and blocklists. Live connections, message histories, faults and counters do not.
 */
export interface SimSnapshot extends WorldSnapshot {
  version: typeof SIM_STATE_VERSION;
  savedAt: string;
  nextPhone: number;
  parties: PartySnapshot[];
  accounts: AccountSnapshot[];
}

export function accountSnapshot(account: Account): AccountSnapshot {
  const device = account.device;
  return {
    id: account.id,
    phone: account.phone,
    name: account.name,
    ...(device ? { device: { ...device, preKeys: [...device.preKeys] } } : {}),
    keyIndexCounter: account.keyIndexCounter,
  };
}

export function restoreDevice(saved: LinkedDeviceSnapshot): LinkedDevice {
  return { ...saved, preKeys: new Map(saved.preKeys) };
}
