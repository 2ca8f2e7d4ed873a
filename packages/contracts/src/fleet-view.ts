import { z } from "zod";
import { SESSION_STATUSES } from "./sessions";

/** `GET /v1/fleet` (platform admin): the workers, their load, and sessions by status. */
export const FleetWorker = z.object({
  id: z.string(),
  state: z.string(),
  capacity: z.number().int().nonnegative(),
  load: z.number().int().nonnegative(),
  alive: z.boolean(),
  startedAt: z.string(),
  heartbeatAt: z.string(),
});
export type FleetWorker = z.infer<typeof FleetWorker>;

export const FleetView = z.object({
  workers: z.array(FleetWorker),
  totals: z.object({
    workers: z.number().int().nonnegative(),
    aliveWorkers: z.number().int().nonnegative(),
    capacity: z.number().int().nonnegative(),
    load: z.number().int().nonnegative(),
  }),
  sessionsByStatus: z.record(z.enum(SESSION_STATUSES), z.number().int().nonnegative()),
  /** sessions that moved to `reconnecting` in the last 5 minutes (all tenants) */
  reconnectsLast5m: z.number().int().nonnegative(),
  generatedAt: z.string().datetime(),
});
export type FleetView = z.infer<typeof FleetView>;
