/**
 * A V8 CPU profile of this process over one phase of a bench (the inspector's profiler, started
 * and stopped in-process), written as a .cpuprofile that packages/fleet/bench/profile-summary.ts
 * reads. The profiler's own cost lands in the phase's CPU figures, so profile a separate run.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

export async function startPhaseProfile(file: string): Promise<{ stop(): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
    },
  };
}
