import type { TaskProtection } from "@wharf/core";

/**
 * Scale-in protection through the ECS agent inside the task ($ECS_AGENT_URI, set by ECS):
 * PUT /task-protection/v1/state. The agent calls ecs:UpdateTaskProtection with the task role,
 * which infra/fleet.ts grants for this cluster's tasks only.
 */
export function createEcsTaskProtection(agentUri: string, fetchImpl: typeof fetch = fetch): TaskProtection {
  const endpoint = `${agentUri.replace(/\/$/, "")}/task-protection/v1/state`;
  async function put(body: Record<string, unknown>): Promise<void> {
    const res = await fetchImpl(endpoint, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await res.text();
    // the agent answers 200 with { protection } or { failure: { Reason } }, or an error status
    const parsed = text ? (JSON.parse(text) as { failure?: { Reason?: string; Detail?: string } }) : {};
    if (!res.ok || parsed.failure) {
      throw new Error(
        `task protection ${res.status}: ${parsed.failure?.Reason ?? parsed.failure?.Detail ?? text.slice(0, 200)}`,
      );
    }
  }
  return {
    protect: (minutes) => put({ ProtectionEnabled: true, ExpiresInMinutes: minutes }),
    release: () => put({ ProtectionEnabled: false }),
  };
}
