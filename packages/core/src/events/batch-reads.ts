import type { Clock } from "../clock";
import { overridePort } from "../override-port";
import type { ConnectionRecord, ConnectionStore } from "../realtime/ports";
import type { SessionRecord, SessionStore } from "../sessions/ports";
import type { WebhookEndpointRecord, WebhookStore } from "../webhooks/ports";
import type { AppliedMarker, EventLog, SessionProjection } from "./ports";

export interface BatchReadPorts {
  sessions: SessionStore;
  projection: SessionProjection;
  connections: ConnectionStore;
  webhooks: WebhookStore;
}

/**
 * The ports one batch of events uses, with the reads it repeats (the session, the tenant's
 * connections and webhook endpoints) done once per batch. Writes through these ports keep
 * the copies true: a projected session replaces the cached one, a deleted connection leaves
 * the cached lists. A batch lasts well under a second, so nothing else goes stale for longer.
 * Sessions asked for in the same tick (the first event of each FIFO group starts at once) are
 * read together with the store's getMany: one read for the batch instead of one per session.
 * `warmConnections` (the clock of the fan-out): a tenant's connections are read as soon as one of its sessions is, or
 * `warm` names it (an event that reads no session), so the first frame's fan-out does not wait for that read after
 * the event's own write.
 */
export function withBatchReads<T extends BatchReadPorts>(
  ports: T,
  opts: { warmConnections?: Clock | null } = {},
): T & { warm(tenantId: string): void } {
  const sessions = new Map<string, Promise<SessionRecord | null>>();
  const connections = new Map<string, Promise<ConnectionRecord[]>>();
  const endpoints = new Map<string, Promise<WebhookEndpointRecord[]>>();
  const key = (t: string, s: string) => `${t}/${s}`;
  const once = <V>(cache: Map<string, Promise<V>>, k: string, load: () => Promise<V>): Promise<V> => {
    let hit = cache.get(k);
    if (!hit) {
      hit = load();
      cache.set(k, hit);
      // a failed read is not remembered: the next event reads again
      hit.catch(() => cache.delete(k));
    }
    return hit;
  };
  const loadSession = tickBatched(ports.sessions);
  // the frame's fan-out needs the tenant's connections: read them beside the event's first read or write, not after it
  const warm = (t: string) => {
    const clock = opts.warmConnections;
    if (clock) void once(connections, t, () => ports.connections.listByTenant(t, clock.now()));
  };
  return {
    ...ports,
    warm,
    sessions: overridePort(ports.sessions, {
      get: (t, s) => {
        warm(t);
        return once(sessions, key(t, s), () => loadSession(t, s));
      },
    }),
    projection: overridePort(ports.projection, {
      applyOwnerPatch: async (t, s, epoch, patch) => {
        sessions.delete(key(t, s));
        const res = await ports.projection.applyOwnerPatch(t, s, epoch, patch);
        if (res.result === "applied") sessions.set(key(t, s), Promise.resolve(res.session));
        return res;
      },
    }),
    connections: overridePort(ports.connections, {
      listByTenant: (t, now) => once(connections, t, () => ports.connections.listByTenant(t, now)),
      delete: async (id) => {
        await ports.connections.delete(id);
        for (const [t, list] of connections)
          connections.set(
            t,
            list.then((l) => l.filter((c) => c.connectionId !== id)),
          );
      },
    }),
    webhooks: overridePort(ports.webhooks, {
      allEndpoints: (t) => once(endpoints, t, () => ports.webhooks.allEndpoints(t)),
    }),
  };
}

/** `get`, with the calls made in one tick answered by one getMany (when the store has it). */
function tickBatched(store: SessionStore): (tenantId: string, id: string) => Promise<SessionRecord | null> {
  type Waiting = { tenantId: string; id: string; resolve(s: SessionRecord | null): void; reject(e: unknown): void };
  let waiting: Waiting[] = [];
  async function flush(): Promise<void> {
    const batch = waiting;
    waiting = [];
    try {
      const found =
        batch.length === 1 || !store.getMany
          ? await Promise.all(batch.map((w) => store.get(w.tenantId, w.id)))
          : await store.getMany(batch.map(({ tenantId, id }) => ({ tenantId, id })));
      for (const [i, w] of batch.entries()) w.resolve(found[i] ?? null);
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
  return (tenantId, id) => {
    if (!store.getMany) return store.get(tenantId, id);
    return new Promise((resolve, reject) => {
      waiting.push({ tenantId, id, resolve, reject });
      if (waiting.length === 1) queueMicrotask(() => void flush());
    });
  };
}

/**
 * Applied-event markers written once per batch (one batch write) instead of once per event.
 * A crash before the flush only means a redelivery redoes an event's effects, which are all
 * safe to repeat (see apply.ts); a marker still pending counts as applied within the batch.
 */
export function withDeferredMarkers(events: EventLog): {
  events: EventLog;
  flush(skip?: (m: AppliedMarker) => boolean): Promise<void>;
} {
  const pending = new Map<string, AppliedMarker>();
  const key = (t: string, s: string, id: string) => `${t}/${s}/${id}`;
  return {
    events: overridePort(events, {
      isApplied: async (t, s, id) => pending.has(key(t, s, id)) || events.isApplied(t, s, id),
      markApplied: async (tenantId, sessionId, eventId, type, at) => {
        pending.set(key(tenantId, sessionId, eventId), { tenantId, sessionId, eventId, type, at });
      },
    }),
    /** `skip`: events not to mark after all (their batch reports them for a retry) */
    async flush(skip: (m: AppliedMarker) => boolean = () => false) {
      const markers = [...pending.values()].filter((m) => !skip(m));
      pending.clear();
      if (markers.length > 0) await events.markAppliedMany(markers);
    },
  };
}
