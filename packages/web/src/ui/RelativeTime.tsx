import { useSyncExternalStore } from "react";
import { absoluteTime, elapsedTime, relativeTime, untilTime } from "./format";

/**
 * One shared clock for every relative time on screen, so "1 minute ago" keeps counting instead
 * of freezing at the time of the last render. Ticks every 5 s while anything listens.
 */
const TICK_MS = 5_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(cb);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The current time, re-rendering the caller as it moves on. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot);
}

function snapshot(): number {
  // Without a running clock (first render), refresh a stale reading; the value stays stable
  // between React's repeated reads of one render.
  if (!timer && Date.now() - now > 1000) now = Date.now();
  return now;
}

const FORMATS = { ago: relativeTime, until: untilTime, elapsed: elapsedTime };

/** A `<time>` that stays true: "Just now", then "1 minute ago", "2 minutes ago"… */
export function RelativeTime({
  iso,
  mode = "ago",
  className,
}: {
  iso: string | null | undefined;
  mode?: keyof typeof FORMATS;
  className?: string;
}) {
  const current = useNow();
  const text = FORMATS[mode](iso, current);
  if (!iso) return <span className={className}>{text}</span>;
  return (
    <time dateTime={iso} title={absoluteTime(iso)} className={className}>
      {text}
    </time>
  );
}
