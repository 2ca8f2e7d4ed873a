import { useEffect, useState } from "react";

/**
 * Hash routes (#/sessions, #/sessions/ses_…/chat, #/api-keys, #/webhooks): the dashboard is
 * served as static files by the local runtime and by a StaticSite, and neither has to know
 * about client-side paths.
 */
export type Route =
  | { name: "sessions" }
  | { name: "chat"; sessionId: string; jid: string | null }
  | { name: "api-keys" }
  | { name: "webhooks" }
  | { name: "events" }
  | { name: "audit" };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second, third, fourth] = parts;
  if (first === "sessions" && second && third === "chat")
    return { name: "chat", sessionId: second, jid: fourth ?? null };
  if (first === "api-keys") return { name: "api-keys" };
  if (first === "webhooks") return { name: "webhooks" };
  if (first === "events") return { name: "events" };
  if (first === "audit") return { name: "audit" };
  return { name: "sessions" };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case "chat":
      return `#/sessions/${encodeURIComponent(route.sessionId)}/chat${route.jid ? `/${encodeURIComponent(route.jid)}` : ""}`;
    default:
      return `#/${route.name}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
