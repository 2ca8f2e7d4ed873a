import type { QueryClient } from "@tanstack/react-query";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { Message } from "../api/types";

/**
 * Object URLs that show a sent file before the server has it. Each one is revoked as soon as no
 * cached message shows it any more (the stored message's presigned `downloadUrl` replaced it),
 * so a long chat does not keep every sent file's bytes alive.
 */
// url → whether a cached message has shown it yet (one not yet in the cache is never released)
const live = new Map<string, boolean>();

/** An object URL for the file, tracked until the server's copy takes its place; null where unsupported. */
export function createPreviewUrl(file: Blob): string | null {
  if (typeof URL.createObjectURL !== "function") return null;
  const url = URL.createObjectURL(file);
  live.set(url, false);
  return url;
}

export function isPreviewUrl(url: string | undefined | null): boolean {
  return !!url && live.has(url);
}

/** Revokes every tracked preview no cached thread message uses any more. */
export function releaseUnusedPreviews(qc: QueryClient): void {
  if (live.size === 0) return;
  const inUse = new Set<string>();
  for (const [, data] of qc.getQueriesData<{ pages: Array<{ data: Message[] }> }>({ queryKey: ["thread"] })) {
    for (const p of data?.pages ?? [])
      for (const m of p.data) {
        const url = "downloadUrl" in m.content ? m.content.downloadUrl : undefined;
        if (url && live.has(url)) inUse.add(url);
      }
  }
  for (const [url, shown] of live) {
    if (inUse.has(url)) {
      if (!shown) live.set(url, true);
      continue;
    }
    if (!shown) continue;
    live.delete(url);
    URL.revokeObjectURL(url);
  }
}

/** Watches the cache: a preview is released once its message shows the stored file instead. */
export function useReleasePreviews(): void {
  const qc = useQueryClient();
  useEffect(() => {
    const cache = qc.getQueryCache();
    const unsubscribe = cache.subscribe((event) => {
      if ((event.type === "updated" || event.type === "removed") && event.query.queryKey[0] === "thread")
        releaseUnusedPreviews(qc);
    });
    return unsubscribe;
  }, [qc]);
}
