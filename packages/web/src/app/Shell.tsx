import { useState, type ReactNode } from "react";
import { useAuth } from "../auth/AuthProvider";
import { useActionFailureToasts } from "../chat/action-failures";
import { VirtualPhonePanel, VirtualPhoneToggle } from "../demo/VirtualPhonePanel";
import { useRealtimeState, useReconnectNow } from "../realtime/RealtimeProvider";
import type { RealtimeState } from "../realtime/client";
import { ClockIcon, EyeIcon, KeyIcon, LogoMark, PhoneIcon, SignOutIcon, WebhookIcon } from "../ui/icons";
import { routeHref, type Route } from "./router";

const NAV: { route: Route; label: string; icon: ReactNode; match: Route["name"][] }[] = [
  { route: { name: "sessions" }, label: "Sessions", icon: <PhoneIcon />, match: ["sessions", "chat"] },
  { route: { name: "api-keys" }, label: "API keys", icon: <KeyIcon />, match: ["api-keys"] },
  { route: { name: "webhooks" }, label: "Webhooks", icon: <WebhookIcon />, match: ["webhooks"] },
  { route: { name: "events" }, label: "Events", icon: <ClockIcon />, match: ["events"] },
  { route: { name: "audit" }, label: "Audit", icon: <EyeIcon />, match: ["audit"] },
];

const LIVE_TEXT: Record<RealtimeState, { text: string; tone: string }> = {
  idle: { text: "Connecting…", tone: "neutral" },
  connecting: { text: "Connecting…", tone: "neutral" },
  open: { text: "Live", tone: "success" },
  reconnecting: { text: "Reconnecting…", tone: "warning" },
  unavailable: { text: "Live updates unavailable", tone: "neutral" },
  stopped: { text: "Offline", tone: "neutral" },
};

function LiveIndicator() {
  const state = useRealtimeState();
  const reconnect = useReconnectNow();
  const { text, tone } = LIVE_TEXT[state];
  const explain =
    state === "unavailable"
      ? "This server has no realtime endpoint yet; the dashboard refreshes every few seconds instead."
      : state === "reconnecting"
        ? "The live connection dropped. Retrying with backoff; pages refresh meanwhile."
        : state === "open"
          ? "Statuses and messages update as they happen."
          : undefined;
  return (
    <div
      className={`live live--${tone}`}
      role="status"
      aria-live="polite"
      aria-label={`Realtime: ${text}`}
      title={explain}
    >
      <span className="live__dot" aria-hidden="true" />
      <span className="live__text">{text}</span>
      {state === "reconnecting" ? (
        <button type="button" className="link-button" onClick={reconnect}>
          Retry now
        </button>
      ) : null}
    </div>
  );
}

export function Shell({ route, children }: { route: Route; children: ReactNode }) {
  const { signOut, apiKey } = useAuth();
  const [phoneOpen, setPhoneOpen] = useState(false);
  useActionFailureToasts();
  return (
    <div className={phoneOpen ? "shell shell--docked" : "shell"}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="sidebar__brand">
          <LogoMark size={30} />
          <span>Wharf</span>
        </div>
        <nav aria-label="Main" className="nav">
          {NAV.map((item) => {
            const active = item.match.includes(route.name);
            return (
              <a
                key={item.label}
                href={routeHref(item.route)}
                className={`nav__item ${active ? "nav__item--active" : ""}`}
                aria-current={active ? "page" : undefined}
              >
                {item.icon}
                <span>{item.label}</span>
              </a>
            );
          })}
        </nav>
        <div className="sidebar__foot">
          <VirtualPhoneToggle open={phoneOpen} onToggle={() => setPhoneOpen((o) => !o)} />
          <LiveIndicator />
          <div className="sidebar__key mono" title="Signed in with this API key">
            {apiKey ? `${apiKey.slice(0, 15)}…` : ""}
          </div>
          <button type="button" className="button button--ghost button--sm sidebar__signout" onClick={() => signOut()}>
            <SignOutIcon size={16} />
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        <div className={route.name === "chat" ? "main__inner main__inner--wide" : "main__inner"}>{children}</div>
      </main>
      {phoneOpen ? <VirtualPhonePanel onClose={() => setPhoneOpen(false)} /> : null}
    </div>
  );
}
