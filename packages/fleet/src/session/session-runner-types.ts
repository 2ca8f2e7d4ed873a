import type { ConnectMethod, DisconnectInfo, PacingSettings, SessionHealth, SessionStatus } from "@wharf/contracts";
import type { Clock, SessionStateWriter, WorkerCounters } from "@wharf/core";
import type { proto } from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import type { EventSink } from "../events/event-sink";
import type { WorkerMedia } from "../media/worker-media";
import type { AuthStore } from "./baileys-auth";
import type { SocketFactory } from "./socket-factory";

/** What a SessionRunner needs, how it starts and how it ends (its contract with the worker). */
export interface SessionRunnerDeps {
  tenantId: string;
  sessionId: string;
  /** the current lease (owner + epoch); events carry its epoch */
  fence: () => { owner: string; epoch: number };
  authStore: AuthStore;
  state: SessionStateWriter;
  events: EventSink;
  makeSocket: SocketFactory;
  clock: Clock;
  random: () => number;
  logger: Logger;
  /** open this long → reconnect attempts reset (DESIGN §4: 60 s) */
  stableOpenMs: number;
  /** a send not on its way this long after the API accepted it fails `send_timeout` */
  sendHoldMs?: number;
  /** how long an edit, delete or reaction waits for WhatsApp's ack before it fails `timeout` */
  actionAckTimeoutMs?: number;
  /**
   * A message this session sent, rebuilt from the message store, for Baileys' getMessage
   * (retry receipts) once it has left the runner's in-memory window or after a failover.
   */
  sentMessage?: (messageId: string) => Promise<proto.IMessage | undefined>;
  /** the worker's counters: each reconnect and each send's POST → sent latency */
  counters?: Pick<WorkerCounters, "reconnected" | "sent">;
  /** the media bucket, URL guard and media-host trust; absent: media sends fail, files are not stored */
  media?: WorkerMedia;
  /** told once when the runner ended by itself or was stopped; the worker then drops it */
  onEnded: (outcome: RunnerOutcome) => void;
}

export interface RunnerStart {
  status: SessionStatus;
  phone: string | null;
  /** the linked account's push name as last stored (absent: not known) */
  accountName?: string | null | undefined;
  health: SessionHealth;
  pacing: PacingSettings;
  lastDisconnect: DisconnectInfo | null;
  connect?: ConnectMethod | undefined;
  /** the API request that asked for this start (a connect), carried on its status event */
  requestId?: string | undefined;
}

/**
 * - `released`: the session is ours to let go (release the lease)
 * - `fenced`: another worker owns it now; touch nothing
 */
export type RunnerOutcome = { kind: "released"; status: SessionStatus; handover: boolean } | { kind: "fenced" };

export type StopMode = "handover" | "disconnect" | "logout";

/**
 * idle → running → ending → ended, each step once. `running`: sockets, timers and commands
 * are live. `ending`: one ending path (stop, abort, fail, a close that ends the session) has
 * begun; no new socket or timer, the last status write and the event flush may still run.
 * `ended`: finish() told the worker.
 */
export type RunnerPhase = "idle" | "running" | "ending" | "ended";

/** How the runner ends; a released session's status is read once its events went out. */
export type RunnerEnding = { kind: "released"; handover: boolean } | { kind: "fenced" };
