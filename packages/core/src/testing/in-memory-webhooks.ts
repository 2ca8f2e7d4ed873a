import type { PageRequest, PageResult } from "../paging";
import type {
  DeliveryOutcomePatch,
  EndpointPatch,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
  WebhookStore,
} from "../webhooks/ports";
import { ConflictError } from "../errors";
import { copy, paginate } from "./paging";

/** Webhook endpoints and deliveries in memory, with the adapter's conditions (claims, resets). */
export class InMemoryWebhookStore implements WebhookStore {
  readonly endpoints = new Map<string, WebhookEndpointRecord>();
  readonly deliveries = new Map<string, WebhookDeliveryRecord & { lockUntil?: string }>();

  async createEndpoint(e: WebhookEndpointRecord): Promise<void> {
    const k = `${e.tenantId}|${e.id}`;
    if (this.endpoints.has(k)) throw new ConflictError(`webhook ${e.id} already exists`);
    this.endpoints.set(k, copy(e));
  }
  async getEndpoint(t: string, id: string) {
    const e = this.endpoints.get(`${t}|${id}`);
    return e ? copy(e) : null;
  }
  async listEndpoints(t: string, page: PageRequest): Promise<PageResult<WebhookEndpointRecord>> {
    const mine = (await this.allEndpoints(t)).sort((a, b) => (a.id < b.id ? -1 : 1));
    return paginate(mine, (e) => e.id, "asc", `${t}|webhooks`, page);
  }
  async allEndpoints(t: string) {
    return [...this.endpoints.values()].filter((e) => e.tenantId === t).map(copy);
  }
  async deleteEndpoint(t: string, id: string) {
    return this.endpoints.delete(`${t}|${id}`);
  }
  async updateEndpoint(t: string, id: string, patch: EndpointPatch) {
    const e = this.endpoints.get(`${t}|${id}`);
    if (!e) return null;
    const next = { ...e, ...copy(patch) };
    this.endpoints.set(`${t}|${id}`, next);
    return copy(next);
  }

  async createDelivery(d: WebhookDeliveryRecord) {
    const k = `${d.tenantId}|${d.id}`;
    if (this.deliveries.has(k)) return false;
    this.deliveries.set(k, copy(d));
    return true;
  }
  async createDeliveries(ds: WebhookDeliveryRecord[]) {
    const created: boolean[] = [];
    for (const d of ds) created.push(await this.createDelivery(d));
    return created;
  }
  async getDelivery(t: string, id: string) {
    const d = this.deliveries.get(`${t}|${id}`);
    if (!d) return null;
    const { lockUntil: _l, ...rest } = d;
    return copy(rest);
  }
  async listDeliveries(t: string, webhookId: string, page: PageRequest) {
    const mine = [...this.deliveries.values()]
      .filter((d) => d.tenantId === t && d.webhookId === webhookId)
      .sort((a, b) => (a.id < b.id ? 1 : -1));
    const res = paginate(mine, (d) => d.id, "desc", `${t}|${webhookId}|deliveries`, page);
    return { items: res.items.map(({ lockUntil: _l, ...d }) => copy(d)), nextCursor: res.nextCursor };
  }
  async claimAttempt(t: string, id: string, now: Date, lockUntil: Date) {
    const d = this.deliveries.get(`${t}|${id}`);
    if (d?.status !== "pending" || (d.lockUntil && d.lockUntil >= now.toISOString())) return null;
    d.lockUntil = lockUntil.toISOString();
    return this.getDelivery(t, id);
  }
  async finishAttempt(t: string, id: string, patch: DeliveryOutcomePatch) {
    const d = this.deliveries.get(`${t}|${id}`);
    if (!d) throw new Error(`no delivery ${id}`);
    const { lockUntil: _l, ...rest } = d;
    const next = { ...rest, ...patch };
    this.deliveries.set(`${t}|${id}`, next);
    return copy(next);
  }
  async resetForRedelivery(t: string, id: string, now: Date) {
    const d = this.deliveries.get(`${t}|${id}`);
    if (!d || d.status === "pending") return null;
    const at = now.toISOString();
    const next = {
      ...d,
      status: "pending" as const,
      attempts: 0,
      error: null,
      responseStatus: null,
      retryFrom: at,
      nextAttemptAt: at,
    };
    delete next.lockUntil;
    this.deliveries.set(`${t}|${id}`, next);
    return copy(next);
  }
}
