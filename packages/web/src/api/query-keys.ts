/** TanStack Query keys in one place, so realtime cache updates hit exactly what pages read. */
export const qk = {
  sessions: () => ["sessions"] as const,
  session: (id: string) => ["sessions", id] as const,
  link: (id: string) => ["link", id] as const,
  profile: (sessionId: string) => ["profile", sessionId] as const,
  chats: (sessionId: string) => ["chats", sessionId] as const,
  thread: (sessionId: string, jid: string) => ["thread", sessionId, jid] as const,
  group: (sessionId: string, jid: string) => ["group", sessionId, jid] as const,
  contact: (sessionId: string, jid: string) => ["contact", sessionId, jid] as const,
  blocklist: (sessionId: string) => ["blocklist", sessionId] as const,
  apiKeys: () => ["api-keys"] as const,
  webhooks: () => ["webhooks"] as const,
  deliveries: (webhookId: string) => ["deliveries", webhookId] as const,
  demo: () => ["demo"] as const,
  audit: (filter: Record<string, string | null | undefined>) => ["audit", JSON.stringify(filter)] as const,
  events: (sessionId: string | null, type: string | null) => ["events", sessionId ?? "", type ?? ""] as const,
};
