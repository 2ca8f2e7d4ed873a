import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeJsonAtomically } from "./sim/sim-files";

/** Written by `npm start` into its data dir while it runs, so local commands can find it. */
export const RUNTIME_FILE = "runtime.json";

export interface RunningRuntime {
  pid: number;
  url: string;
  dynamoEndpoint: string;
  region: string;
  tableName: string;
}

export function writeRuntimeFile(dataDir: string, info: RunningRuntime): void {
  writeJsonAtomically(join(dataDir, RUNTIME_FILE), info);
}

/** Removes the file if it is still this process's (a newer runtime may have replaced it). */
export function removeRuntimeFile(dataDir: string, pid: number): void {
  if (readRuntimeFile(dataDir, () => true)?.pid === pid) rmSync(join(dataDir, RUNTIME_FILE), { force: true });
}

/** The runtime that runs on this data dir, or null (no file, or its process is gone). */
export function readRuntimeFile(dataDir: string, alive: (pid: number) => boolean = isAlive): RunningRuntime | null {
  const path = join(dataDir, RUNTIME_FILE);
  if (!existsSync(path)) return null;
  try {
    const info = JSON.parse(readFileSync(path, "utf8")) as RunningRuntime;
    return typeof info.pid === "number" && typeof info.dynamoEndpoint === "string" && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive but not ours
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
