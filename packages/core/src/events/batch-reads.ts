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
 */
export function withBatchReads<T extends BatchReadPorts>(ports: T): T {
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
  return {
    ...ports,
    sessions: overridePort(ports.sessions, {
      get: (t, s) => once(sessions, key(t, s), () => ports.sessions.get(t, s)),
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

/**
 * Applied-event markers written once per batch (one batch write) instead of once per event.
 * A crash before the flush only means a redelivery redoes an event's effects, which are all
 * safe to repeat (see apply.ts); a marker still pending counts as applied within the batch.
 */
export function withDeferredMarkers(events: EventLog): { events: EventLog; flush(): Promise<void> } {
  const pending = new Map<string, AppliedMarker>();
  const key = (t: string, s: string, id: string) => `${t}/${s}/${id}`;
  return {
    events: overridePort(events, {
      isApplied: async (t, s, id) => pending.has(key(t, s, id)) || events.isApplied(t, s, id),
      markApplied: async (tenantId, sessionId, eventId, type, at) => {
        pending.set(key(tenantId, sessionId, eventId), { tenantId, sessionId, eventId, type, at });
      },
    }),
    async flush() {
      if (pending.size === 0) return;
      const markers = [...pending.values()];
      pending.clear();
      await events.markAppliedMany(markers);
    },
  };
}
