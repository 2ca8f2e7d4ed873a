import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { isApiError } from "../api/http";
import { ApiKeysPage } from "../api-keys/ApiKeysPage";
import { AuthProvider, useAuth } from "../auth/AuthProvider";
import type { KeyStorage } from "../auth/key-storage";
import { SignInPage } from "../auth/SignInPage";
import { ChatPage } from "../chat/ChatPage";
import { EventsPage } from "../events/EventsPage";
import { AuditPage } from "../audit/AuditPage";
import type { WebConfig } from "../config";
import { RealtimeProvider } from "../realtime/RealtimeProvider";
import { SessionsPage } from "../sessions/SessionsPage";
import { FeedbackProvider } from "../ui/Toasts";
import { WebhooksPage } from "../webhooks/WebhooksPage";
import { useRoute } from "./router";
import { Shell } from "./Shell";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // 4xx answers will not change on retry; network blips and 5xx might.
        retry: (count, err) => count < 2 && !(isApiError(err) && err.status >= 400 && err.status < 500),
      },
    },
  });
}

function Routed() {
  const route = useRoute();
  const { apiKey } = useAuth();
  if (!apiKey) return <SignInPage />;
  return (
    // Keyed by the key: signing in as another tenant starts a fresh realtime connection.
    <RealtimeProvider key={apiKey}>
      <Shell route={route}>
        {route.name === "sessions" ? <SessionsPage /> : null}
        {route.name === "chat" ? <ChatPage key={route.sessionId} sessionId={route.sessionId} jid={route.jid} /> : null}
        {route.name === "api-keys" ? <ApiKeysPage /> : null}
        {route.name === "webhooks" ? <WebhooksPage /> : null}
        {route.name === "events" ? <EventsPage /> : null}
        {route.name === "audit" ? <AuditPage /> : null}
      </Shell>
    </RealtimeProvider>
  );
}

export function App({
  config,
  storage,
  fetch,
}: {
  config: WebConfig;
  storage?: KeyStorage;
  fetch?: typeof globalThis.fetch;
}) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <FeedbackProvider>
        <AuthProvider config={config} storage={storage} fetch={fetch}>
          <Routed />
        </AuthProvider>
      </FeedbackProvider>
    </QueryClientProvider>
  );
}
