import type { Logger } from "pino";
import type { MediaContext } from "../media/media-conn";
import type { SimSettings } from "../options";
import type { KeyPair } from "../root-key";
import type { GroupRegistry } from "../groups/model";
import type { Directory } from "../state/directory";
import type { SimConnection } from "./connection";

export interface SimStats {
  handshakes: number;
  logins: number;
  refusedLogins: number;
  registrations: number;
  messagesToAccounts: number;
  messagesFromAccounts: number;
}

/** Shared state every protocol handler works on; one per simulator. */
export interface SimContext {
  settings: SimSettings;
  directory: Directory;
  logger: Logger;
  serverStatic: KeyPair;
  certChain: Uint8Array;
  connections: Set<SimConnection>;
  /** QR refs handed out in pair-device, to the registration connection that shows them. */
  refs: Map<string, SimConnection>;
  /**
   * stallHandshakes: ClientHellos to leave unanswered; openUnlinked: new devices to let in with
   * `<success>` and no account behind them (a stand-in that opens without linking);
   * garbleHandshakes: ClientHellos to answer with bytes that are no handshake (the client
   * fails without a status code).
   */
  faults: { stallHandshakes: number; openUnlinked: number; garbleHandshakes: number };
  stats: SimStats;
  /** Media host: encrypted files, upload auth, and the HTTPS server once it listens. */
  media: MediaContext;
  /** Groups hosted by the simulator (groups/). */
  groups: GroupRegistry;
}
