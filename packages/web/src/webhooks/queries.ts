import { useQuery } from "@tanstack/react-query";
import { fetchAll } from "../api/endpoints";
import { isUnavailable } from "../api/http";
import { qk } from "../api/query-keys";
import { useApi } from "../auth/AuthProvider";

export function useWebhooks() {
  const api = useApi();
  return useQuery({
    queryKey: qk.webhooks(),
    queryFn: () => fetchAll((p) => api.webhooks.list(p)),
    retry: (n, err) => !isUnavailable(err) && n < 2,
  });
}

export function useDeliveries(webhookId: string) {
  const api = useApi();
  return useQuery({
    queryKey: qk.deliveries(webhookId),
    queryFn: () => api.webhooks.deliveries(webhookId, { limit: 25 }),
    // Retries are scheduled server-side; keep the log moving while it is on screen, faster
    // while a delivery is still on its way.
    refetchInterval: (q) => (q.state.data?.data.some((d) => d.status === "pending") ? 2000 : 5000),
  });
}
