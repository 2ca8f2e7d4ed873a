import { randomBytes } from "node:crypto";
import type { UserFacingSocketConfig } from "@whiskeysockets/baileys";
import {
  createEventOutbox,
  createSessionStore,
  createWorkerRegistry,
  ensureQueue,
  sendToInbox,
  SqsQueue,
  type DynamoContext,
  type SqsClient,
} from "@wharf/aws";
import {
  FleetEvent,
  type FleetCommand,
  type FleetCommandType,
  type PlacementMessage,
  type ConnectMethod,
  type FleetEventType,
} from "@wharf/contracts";
import { newId, placementMessage, type MediaObjects, type SessionRecord, type WorkerRegistry } from "@wharf/core";
import { sessionRecord } from "@wharf/core/testing";
import { pino, type Logger } from "pino";
import { fleetSettings, type FleetSettings } from "../config";
import { AuthStateKeyring } from "@wharf/aws";
import { createWorker, type FleetWorker } from "../worker/worker";
import type { WorkerDeadLetters } from "../worker/poison";
import { SqsEventSink, type EventSink } from "../events/event-sink";

/** Where the local stack answers (vitest's inject("wharfStack"), or a benchmark's own stack). */
export interface StackInfo {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  region: string;
  tableName: string;
}

export interface HarnessClients {
  doc: DynamoContext["doc"];
  sqs: SqsClient;
}

/**
 * Short timings so leases expire and placements move within a test's patience. A lease still
 * outlives an 8 s stall: with the whole suite on 2 cores a DynamoDB Local round trip or the
 * event loop stalls for seconds, and a 3 s lease lapsed under live workers.
 */
export const TEST_TIMINGS = {
  leaseTtlMs: 10_000,
  leaseRenewMs: 2_000,
  reapIntervalMs: 1_000,
  placementWaitSeconds: 1,
  inboxWaitSeconds: 1,
  drainTimeoutMs: 20_000,
} as const satisfies Partial<FleetSettings>;

type CommandData<T extends FleetCommandType> = Extract<FleetCommand, { type: T }>["data"];

/**
 * One suite's private slice of the shared stack: its own Placement and Events queues, inbox
 * prefix and auth-state key; workers, sessions, events and commands around them.
 */
export class FleetHarness {
  readonly ctx: DynamoContext;
  readonly keyB64 = randomBytes(32).toString("base64");
  readonly keyring = new AuthStateKeyring(Buffer.from(this.keyB64, "base64"));
  readonly inboxPrefix: string;
  readonly events: EventCollector;
  readonly sessions;
  readonly registry: WorkerRegistry;
  readonly logger: Logger;
  private readonly workers: FleetWorker[] = [];
  /** the media bucket and the media host's CA the in-process workers get (when given) */
  media: { objects: MediaObjects; caPem: string | null } | null = null;

  private constructor(
    readonly stack: StackInfo,
    readonly clients: HarnessClients,
    readonly queues: { placementUrl: string; eventsUrl: string },
    readonly simUrl: string | null,
    tag: string,
  ) {
    this.ctx = { doc: clients.doc, tableName: stack.tableName };
    this.inboxPrefix = `t-${tag}-inbox-`;
    this.events = new EventCollector(clients.sqs, queues.eventsUrl);
    this.sessions = createSessionStore(this.ctx);
    this.registry = createWorkerRegistry(this.ctx, this.inboxPrefix);
    this.logger = pino({ level: process.env.WHARF_TEST_LOG_LEVEL ?? "silent" });
  }

  static async create(
    stack: StackInfo,
    clients: HarnessClients,
    opts: { simUrl?: string } = {},
  ): Promise<FleetHarness> {
    const tag = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
    const [placementUrl, eventsUrl] = await Promise.all([
      ensureQueue(clients.sqs, `t-${tag}-placement`, { visibilityTimeoutSeconds: 30 }),
      ensureQueue(clients.sqs, `t-${tag}-events.fifo`, { fifo: true }),
    ]);
    const h = new FleetHarness(stack, clients, { placementUrl, eventsUrl }, opts.simUrl ?? null, tag);
    h.events.start();
    return h;
  }

  settings(overrides: Partial<FleetSettings> = {}): FleetSettings {
    const logLevel = (process.env.WHARF_TEST_LOG_LEVEL ?? "silent") as FleetSettings["wa"]["logLevel"];
    return fleetSettings({
      ...TEST_TIMINGS,
      inboxQueuePrefix: this.inboxPrefix,
      ...overrides,
      wa: { websocketUrl: this.simUrl, logLevel, ...overrides.wa },
      media: { ...overrides.media, caPem: this.media?.caPem ?? null, bucket: this.media ? "in-process" : null },
    });
  }

  /** An in-process worker, started. */
  async startWorker(
    overrides: Partial<FleetSettings> = {},
    socketOverrides?: Partial<UserFacingSocketConfig>,
    deadLetters?: WorkerDeadLetters,
    /** the worker's event sink instead of the suite's Events queue through an outbox (fault tests) */
    events?: (standard: EventSink) => EventSink,
  ): Promise<FleetWorker> {
    const worker = createWorker({
      settings: this.settings(overrides),
      ctx: this.ctx,
      sqs: this.clients.sqs,
      queues: this.queues,
      keyring: this.keyring,
      logger: this.logger,
      ...(socketOverrides ? { socketOverrides } : {}),
      ...(deadLetters ? { deadLetters } : {}),
      ...(this.media ? { mediaObjects: this.media.objects } : {}),
      ...(events ? { events: events(this.eventSink()) } : {}),
    });
    await worker.start();
    this.workers.push(worker);
    return worker;
  }

  /** The sink a worker publishes through by default: the suite's Events queue, with the durable outbox. */
  eventSink(): EventSink {
    return new SqsEventSink(
      new SqsQueue<FleetEvent>({ client: this.clients.sqs, queueUrl: this.queues.eventsUrl }),
      createEventOutbox(this.ctx),
      this.logger,
    );
  }

  /** Environment for a worker child process (startFleetWorkers) on this suite's slice. */
  workerEnv(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      AWS_REGION: this.stack.region,
      AWS_ENDPOINT_URL_DYNAMODB: this.stack.dynamoEndpoint,
      AWS_ENDPOINT_URL_SQS: this.stack.sqsEndpoint,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      WHARF_TABLE_NAME: this.stack.tableName,
      WHARF_PLACEMENT_QUEUE_URL: this.queues.placementUrl,
      WHARF_EVENTS_QUEUE_URL: this.queues.eventsUrl,
      WHARF_AUTH_STATE_KEY: this.keyB64,
      WHARF_INBOX_QUEUE_PREFIX: this.inboxPrefix,
      WHARF_LEASE_TTL_MS: String(TEST_TIMINGS.leaseTtlMs),
      WHARF_LEASE_RENEW_MS: String(TEST_TIMINGS.leaseRenewMs),
      WHARF_REAP_INTERVAL_MS: String(TEST_TIMINGS.reapIntervalMs),
      WHARF_PLACEMENT_WAIT_SECONDS: String(TEST_TIMINGS.placementWaitSeconds),
      WHARF_INBOX_WAIT_SECONDS: String(TEST_TIMINGS.inboxWaitSeconds),
      WHARF_DRAIN_TIMEOUT_MS: String(TEST_TIMINGS.drainTimeoutMs),
      LOG_LEVEL: process.env.WHARF_TEST_LOG_LEVEL ?? "warn",
      ...overrides,
    };
  }

  /** A session of a fresh tenant that wants to be connected (what the API's connect verb leaves behind). */
  async createSession(overrides: Partial<SessionRecord> = {}): Promise<{ tenantId: string; sessionId: string }> {
    const s = sessionRecord(newId("tenant"), { desiredState: "connected", status: "connecting", ...overrides });
    await this.sessions.create(s);
    return { tenantId: s.tenantId, sessionId: s.id };
  }

  async place(s: { tenantId: string; sessionId: string }, connect?: ConnectMethod): Promise<void> {
    await new SqsQueue<PlacementMessage>({ client: this.clients.sqs, queueUrl: this.queues.placementUrl }).send(
      placementMessage({ ...s, epoch: 0, reason: "connect", connect }, new Date()),
    );
  }

  /** Sends a command to the inbox of the worker that owns the session now. Returns the command. */
  async command<T extends FleetCommandType>(
    s: { tenantId: string; sessionId: string },
    type: T,
    data: CommandData<T>,
  ): Promise<FleetCommand> {
    const session = await this.sessions.get(s.tenantId, s.sessionId);
    const owner = session?.lease.owner ? await this.registry.get(session.lease.owner) : null;
    if (!owner) throw new Error(`session ${s.sessionId} has no live owner to send ${type} to`);
    return this.commandTo(owner.inboxUrl, s, type, data);
  }

  async commandTo<T extends FleetCommandType>(
    inboxUrl: string,
    s: { tenantId: string; sessionId: string },
    type: T,
    data: CommandData<T>,
    id = newId("command"),
    /** when the API accepted it (a send's hold runs from here) */
    at = new Date(),
  ): Promise<FleetCommand> {
    const session = await this.sessions.get(s.tenantId, s.sessionId);
    const cmd = {
      id,
      type,
      v: 1,
      ...s,
      epoch: session?.lease.epoch ?? 0,
      at: at.toISOString(),
      data,
    } as FleetCommand;
    await sendToInbox(this.clients.sqs, inboxUrl, cmd);
    return cmd;
  }

  /** The in-process worker holding the session's lease now, if it is one of this harness's. */
  async ownerOf(s: { tenantId: string; sessionId: string }): Promise<FleetWorker | undefined> {
    const owner = (await this.sessions.get(s.tenantId, s.sessionId))?.lease.owner;
    return this.workers.find((w) => w.id === owner);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.drain()));
    await this.events.stop();
  }
}

/** Reads the suite's Events.fifo in the background; tests wait for the events they expect. */
export class EventCollector {
  readonly all: FleetEvent[] = [];
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private readonly waiters = new Set<() => void>();

  constructor(sqs: SqsClient, queueUrl: string) {
    // batched deletes, as the events consumer's poller makes them: one DeleteMessage per event
    // cost the fleet bench's process more CPU per sent message than fauxqs itself
    this.queue = new SqsQueue({ client: sqs, queueUrl, batchDeletes: true });
  }

  private readonly queue: SqsQueue<FleetEvent>;

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const msgs = await this.queue.receive({ max: 10, waitSeconds: 1, signal: this.abort.signal }).catch(() => []);
        for (const m of msgs) this.all.push(FleetEvent.parse(JSON.parse(m.body)));
        await Promise.all(msgs.map((m) => this.queue.delete(m.receiptHandle).catch(() => undefined)));
        if (msgs.length > 0) for (const w of [...this.waiters]) w();
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop;
  }

  of(sessionId: string): FleetEvent[] {
    return this.all.filter((e) => e.sessionId === sessionId);
  }

  /** Waits for the first event of the session matching `type` and `where`, seen after index `from`. */
  waitFor<T extends FleetEventType>(
    sessionId: string,
    type: T,
    where: (e: Extract<FleetEvent, { type: T }>) => boolean = () => true,
    opts: { timeoutMs?: number; after?: number } = {},
  ): Promise<Extract<FleetEvent, { type: T }>> {
    // generous: it only bounds a failure, a passing wait returns as soon as the event is in
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const find = () =>
      this.all
        .slice(opts.after ?? 0)
        .find(
          (e): e is Extract<FleetEvent, { type: T }> =>
            e.sessionId === sessionId && e.type === type && where(e as Extract<FleetEvent, { type: T }>),
        );
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = find();
        if (!hit) return;
        done();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        done();
        const seen = this.of(sessionId).map((e) => (e.type === "session.status" ? `status:${e.data.status}` : e.type));
        reject(
          new Error(`no ${type} event for ${sessionId} within ${timeoutMs} ms; saw: ${seen.join(", ") || "nothing"}`),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Status values of the session in order (for asserting transitions). */
  statuses(sessionId: string): string[] {
    return this.of(sessionId).flatMap((e) => (e.type === "session.status" ? [e.data.status] : []));
  }

  get length(): number {
    return this.all.length;
  }
}
