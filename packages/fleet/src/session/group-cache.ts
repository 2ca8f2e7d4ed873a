import type { GroupMetadata } from "@whiskeysockets/baileys";

/** Groups kept at most per socket (a session in more groups re-reads the oldest on its next send). */
export const MAX_CACHED_GROUPS = 2_000;

/**
 * The session's group metadata for Baileys' `cachedGroupMetadata`: a send to a group reads the
 * participants from here instead of asking WhatsApp each time. Filled on the first send (one
 * query) and by group events, refreshed when a group changes (group-events.ts), dropped when
 * the account leaves. Lives with its socket: a reconnect starts empty.
 */
export class GroupMetadataCache {
  private readonly groups = new Map<string, GroupMetadata>();
  private fetcher: ((jid: string) => Promise<GroupMetadata>) | undefined;

  /** how the cache reads a group it lacks (the socket's groupMetadata), once the socket exists */
  bind(fetch: (jid: string) => Promise<GroupMetadata>): void {
    this.fetcher = fetch;
  }

  peek(jid: string): GroupMetadata | undefined {
    return this.groups.get(jid);
  }

  /** Baileys' `cachedGroupMetadata`: the cached metadata, else read once and kept. */
  async lookup(jid: string): Promise<GroupMetadata | undefined> {
    return this.groups.get(jid) ?? (this.fetcher ? this.refresh(jid) : undefined);
  }

  /** Re-reads a group from WhatsApp and keeps it; a failure (e.g. no longer a member) drops it and throws. */
  async refresh(jid: string): Promise<GroupMetadata> {
    if (!this.fetcher) throw new Error("group metadata cache is not bound to a socket");
    try {
      const metadata = await this.fetcher(jid);
      this.set(metadata);
      return metadata;
    } catch (err) {
      this.groups.delete(jid);
      throw err;
    }
  }

  set(metadata: GroupMetadata): void {
    this.groups.delete(metadata.id);
    this.groups.set(metadata.id, metadata);
    if (this.groups.size > MAX_CACHED_GROUPS) this.groups.delete(this.groups.keys().next().value!);
  }

  delete(jid: string): void {
    this.groups.delete(jid);
  }

  get size(): number {
    return this.groups.size;
  }
}
