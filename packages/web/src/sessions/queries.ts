import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Session } from "@wharf/contracts";
import { fetchAll } from "../api/endpoints";
import { qk } from "../api/query-keys";
import type { ConnectBody, LinkCredentials } from "../api/types";
import { useApi } from "../auth/AuthProvider";
import { patchSession } from "../realtime/cache-sync";
import { usePollingFallback } from "../realtime/RealtimeProvider";

/** Without live frames, pages poll this often so statuses still move. */
export const POLL_MS = 10_000;

export function useSessions() {
  const api = useApi();
  const refetchInterval = usePollingFallback(POLL_MS);
  return useQuery({ queryKey: qk.sessions(), queryFn: () => fetchAll((p) => api.sessions.list(p)), refetchInterval });
}

export function useSession(id: string, pollMs = POLL_MS) {
  const api = useApi();
  const qc = useQueryClient();
  const refetchInterval = usePollingFallback(pollMs);
  return useQuery({
    queryKey: qk.session(id),
    queryFn: () => api.sessions.get(id),
    initialData: () => qc.getQueryData<Session[]>(qk.sessions())?.find((s) => s.id === id),
    initialDataUpdatedAt: () => qc.getQueryState(qk.sessions())?.dataUpdatedAt,
    refetchInterval,
  });
}

function isSession(v: unknown): v is Session {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as Session).id === "string" &&
    typeof (v as Session).status === "string"
  );
}

/** Connect / disconnect / log out / create / delete, each keeping the cached list in step. */
export function useSessionCommands() {
  const api = useApi();
  const qc = useQueryClient();
  const settle = (id: string) => (result: unknown) => {
    if (isSession(result)) patchSession(qc, id, (s) => ({ ...s, ...result }));
    else void qc.invalidateQueries({ queryKey: qk.session(id) });
  };

  const connect = useMutation({
    mutationFn: ({ id, body }: { id: string; body: ConnectBody }) => api.sessions.connect(id, body),
    // A new linking attempt: forget the previous attempt's QR or code before the request
    // goes out, so a frame for the new attempt that beats the response is kept. (Cleared, not
    // removed: removing a watched query would detach the dialog from later frames.)
    onMutate: ({ id }) =>
      qc.setQueryData<LinkCredentials>(qk.link(id), { qr: null, dataUrl: null, pairingCode: null, expiresAt: null }),
    onSuccess: (res, { id }) => settle(id)(res),
  });
  const disconnect = useMutation({
    mutationFn: (id: string) => api.sessions.disconnect(id),
    onSuccess: (res, id) => settle(id)(res),
  });
  const logout = useMutation({
    mutationFn: (id: string) => api.sessions.logout(id),
    onSuccess: (res, id) => settle(id)(res),
  });
  const create = useMutation({
    mutationFn: (name: string) => api.sessions.create({ name }),
    onSuccess: (session) =>
      qc.setQueryData<Session[]>(qk.sessions(), (list) => [
        session,
        ...(list ?? []).filter((s) => s.id !== session.id),
      ]),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.sessions.remove(id),
    onSuccess: (_r, id) => {
      qc.setQueryData<Session[]>(qk.sessions(), (list) => list?.filter((s) => s.id !== id));
      qc.removeQueries({ queryKey: qk.session(id) });
      qc.removeQueries({ queryKey: qk.chats(id) });
    },
  });
  return { connect, disconnect, logout, create, remove };
}
