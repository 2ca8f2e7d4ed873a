import { useQuery } from "@tanstack/react-query";
import { isUnavailable } from "../api/http";
import { qk } from "../api/query-keys";
import type { DemoState } from "../api/types";
import { useApi } from "../auth/AuthProvider";

/**
 * Sim mode is detected by GET /v1/demo answering: the route exists only when the local
 * runtime runs with the WhatsApp simulator. Any error means "not sim mode" — never a crash.
 */
export function useDemo(): { demo: DemoState | null; refresh: () => void } {
  const api = useApi();
  const q = useQuery({
    queryKey: qk.demo(),
    queryFn: async () => {
      try {
        return await api.demo.state();
      } catch (err) {
        if (isUnavailable(err)) return null;
        throw err;
      }
    },
    retry: false,
    staleTime: 15_000,
    refetchOnWindowFocus: false,
  });
  return { demo: q.data?.sim ? q.data : null, refresh: () => void q.refetch() };
}
