/** `npm run chaos -- [a b …] [--sessions N] [--seconds N] …`: which scenarios, at what scale. */
export const SCENARIO_IDS = ["a", "b", "c", "d", "e"] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface ChaosOptions {
  scenarios: ScenarioId[];
  /** d: sessions the faults are spread over (the issue asks for 100; the default fits 2 cores) */
  sessions: number;
  /** a: seconds of streaming */
  seconds: number;
  /** a: contact → session messages per second */
  inboundRate: number;
  /** a: API sends per second */
  outboundRate: number;
  /** b: sessions on the only worker */
  bSessions: number;
  /** b: workers' lease TTL (the janitor ticks every TTL / 3) */
  leaseTtlMs: number;
  /** a: lease TTL for the failover (longer than b's: under load a short TTL makes peers reap live workers) */
  failoverLeaseTtlMs: number;
  /** a: the workers' send hold (WHARF_SEND_HOLD_MS): a send not out by then fails send_timeout */
  sendHoldMs: number;
  /** c: one simulated hour lasts this many ms (the retry schedule is scaled with it) */
  hourMs: number;
  /** c: simulated hours the receiver is down */
  outageHours: number;
  /** c: messages per session during the outage */
  webhookMessages: number;
  /** e: inbound messages with random Unicode */
  unicodeMessages: number;
  seed: number;
}

export const DEFAULTS: Omit<ChaosOptions, "scenarios"> = {
  sessions: 22,
  seconds: 10,
  inboundRate: 100,
  outboundRate: 50,
  bSessions: 3,
  leaseTtlMs: 4_000,
  failoverLeaseTtlMs: 10_000,
  sendHoldMs: 90_000,
  hourMs: 1_000,
  outageHours: 25,
  webhookMessages: 10,
  unicodeMessages: 1_000,
  seed: 20261130,
};

const NUMERIC: Record<string, keyof Omit<ChaosOptions, "scenarios">> = {
  "--sessions": "sessions",
  "--seconds": "seconds",
  "--inbound-rate": "inboundRate",
  "--outbound-rate": "outboundRate",
  "--b-sessions": "bSessions",
  "--lease-ttl-ms": "leaseTtlMs",
  "--failover-lease-ttl-ms": "failoverLeaseTtlMs",
  "--send-hold-ms": "sendHoldMs",
  "--hour-ms": "hourMs",
  "--outage-hours": "outageHours",
  "--webhook-messages": "webhookMessages",
  "--unicode-messages": "unicodeMessages",
  "--seed": "seed",
};

export function parseChaosArgs(argv: string[]): ChaosOptions {
  const opts: ChaosOptions = { ...DEFAULTS, scenarios: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    const [flag, inline] = arg.includes("=") ? (arg.split("=", 2) as [string, string]) : [arg, undefined];
    const key = NUMERIC[flag];
    if (key) {
      const raw = inline ?? argv[++i];
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number, got ${raw}`);
      opts[key] = n;
    } else if ((SCENARIO_IDS as readonly string[]).includes(arg)) {
      if (!opts.scenarios.includes(arg as ScenarioId)) opts.scenarios.push(arg as ScenarioId);
    } else {
      throw new Error(
        `unknown argument ${arg}; scenarios are ${SCENARIO_IDS.join(" ")}, flags ${Object.keys(NUMERIC).join(" ")}`,
      );
    }
  }
  if (opts.scenarios.length === 0) opts.scenarios = [...SCENARIO_IDS];
  return opts;
}
