/**
 * CloudWatch names shared by the code that emits metrics (Lambdas, fleet workers) and the
 * infrastructure that alarms, scales and draws dashboards on them (infra/ imports this file
 * directly, like the table schema). Every metric carries the Stage dimension.
 */
export const METRIC_NAMESPACE = "Wharf";

export const METRIC_DIMENSIONS = { stage: "Stage", fn: "Function", status: "Status" } as const;

export const METRICS = {
  /** fleet, per worker each minute: sessions it holds (Count) */
  sessionsHeld: "SessionsHeld",
  /** fleet, per worker each minute: sessions it may hold (Count) */
  sessionCapacity: "SessionCapacity",
  /** fleet: placements this worker claimed since its last report (Count) */
  placementClaims: "PlacementClaims",
  /** fleet, per worker each minute: sessions it holds by status (Count, dimension Status) */
  sessionsByStatus: "Sessions",
  /** fleet: socket closes the reconnect policy retries, since the last report (Count); a storm alarms */
  reconnects: "Reconnects",
  /** events Lambda: fleet → events lag, from the event's time to its processing (Milliseconds) */
  eventLag: "EventLag",
  /** fleet: POST /messages accepted → WhatsApp took the message, per message (Milliseconds) */
  sendLatency: "SendLatency",
  /** webhooks Lambda: deliveries that failed an attempt (Count) */
  webhookFailures: "WebhookFailures",
  /** http Lambda: responses with a 5xx status (the Hono app catches errors, so Lambda's Errors miss them) */
  apiServerErrors: "ApiServerErrors",
  /** http Lambda: audit entries that could not be stored (the entry is logged in full instead) */
  auditWriteFailures: "AuditWriteFailures",
  /** SQS-fed Lambdas: records reported back as batch failures (retried, eventually dead-lettered) */
  batchFailures: "BatchFailures",
} as const;

/**
 * The Status values of the Sessions metric: the statuses of a session a worker holds (the
 * contracts' SOCKET_ACTIVE_STATUSES; a core test keeps the two equal). Listed here because
 * infra reads this file without the contracts package.
 */
export const REPORTED_SESSION_STATUSES = ["connecting", "qr", "pairing", "open", "reconnecting"] as const;
