import type { FleetCommand, PlacementMessage } from "@wharf/contracts";
import type { SessionRecord } from "../sessions/ports";

/**
 * Where commands go (DESIGN §4): the owner's Inbox.fifo when a live worker holds the lease,
 * else the Placement queue. The SQS adapter lives in packages/aws.
 */
export interface CommandRouter {
  /** sends to the live owner's inbox; false when there is no live owner (nothing sent) */
  toOwner(session: SessionRecord, command: FleetCommand, now: Date): Promise<boolean>;
  place(message: PlacementMessage): Promise<void>;
}

/** What a session shows for linking right now (QR or pairing code), kept beside the session. */
export interface SessionLinkRecord {
  qr: string | null;
  pairingCode: string | null;
  expiresAt: string;
  /** lease epoch of the owner that issued it */
  epoch: number;
}

export interface SessionLinkStore {
  get(tenantId: string, sessionId: string): Promise<SessionLinkRecord | null>;
  set(tenantId: string, sessionId: string, link: SessionLinkRecord): Promise<void>;
  clear(tenantId: string, sessionId: string): Promise<void>;
}

/** Clears a session's stored WhatsApp credentials when no worker is there to log out. */
export interface AuthStateEraser {
  clear(tenantId: string, sessionId: string): Promise<void>;
}
