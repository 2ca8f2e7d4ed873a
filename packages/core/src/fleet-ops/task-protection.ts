/**
 * Scale-in protection (DESIGN §12): a worker holding sessions asks its orchestrator not to
 * pick it when the fleet scales in; an empty worker gives the protection up. On ECS the
 * adapter talks to the task's agent; elsewhere there is nothing to protect.
 */
export interface TaskProtection {
  /** protect this task for `minutes` (renewed before it runs out) */
  protect(minutes: number): Promise<void>;
  release(): Promise<void>;
}

export const noTaskProtection: TaskProtection = { protect: async () => undefined, release: async () => undefined };

/** Protection lasts this long unless renewed; a hung worker loses it and becomes removable. */
export const PROTECTION_MINUTES = 15;

export type ProtectionAction = "protect" | "release" | "none";

export interface ProtectionState {
  protectedUntilMs: number | null;
}

/**
 * What to do on a tick: protect while holding sessions (renewing in the last third of the
 * window), release once empty or draining (a draining worker is leaving on purpose).
 */
export function protectionAction(
  state: ProtectionState,
  sessions: number,
  draining: boolean,
  nowMs: number,
): ProtectionAction {
  const wanted = sessions > 0 && !draining;
  if (!wanted) return state.protectedUntilMs !== null ? "release" : "none";
  if (state.protectedUntilMs === null) return "protect";
  const renewAt = state.protectedUntilMs - (PROTECTION_MINUTES * 60_000) / 3;
  return nowMs >= renewAt ? "protect" : "none";
}
