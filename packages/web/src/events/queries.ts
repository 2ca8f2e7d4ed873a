import { useInfiniteQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { isUnavailable } from "../api/http";
import { qk } from "../api/query-keys";
import type { EventLogEntry, EventLogType, Page } from "../api/types";
import { useApi } from "../auth/AuthProvider";
import { usePollingFallback, useRealtimeFrames } from "../realtime/RealtimeProvider";
import { entryFromFrame } from "./entries";

export interface EventFilter {
  sessionId: string | null;
  type: EventLogType | null;
}

/**
 * The event log for a filter, newest first. Session, unstable and failed-send entries arrive
 * live from realtime frames (prepended under the id the API lists them by, so a refetch does
 * not duplicate them); webhook failures have no frame, so the first page also refreshes slowly.
 */
export function useEventLog(filter: EventFilter) {
  const api = useApi();
  const qc = useQueryClient();
  const key = qk.events(filter.sessionId, filter.type);
  const refetchInterval = usePollingFallback(5_000) || 30_000;

  useRealtimeFrames((frame) => {
    const entry = entryFromFrame(frame);
    if (!entry) return;
    if (filter.sessionId && entry.sessionId !== filter.sessionId) return;
    if (filter.type && entry.type !== filter.type) return;
    qc.setQueryData<InfiniteData<Page<EventLogEntry>, string | null>>(key, (data) => {
      if (!data || data.pages.some((p) => p.data.some((e) => e.id === entry.id))) return data;
      const [first, ...rest] = data.pages;
      return {
        ...data,
        pages: [{ data: [entry, ...(first?.data ?? [])], nextCursor: first?.nextCursor ?? null }, ...rest],
      };
    });
  });

  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) =>
      api.events.list({ limit: 50, cursor: pageParam, sessionId: filter.sessionId, type: filter.type }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval,
    retry: (n, err) => !isUnavailable(err) && n < 2,
  });
}
