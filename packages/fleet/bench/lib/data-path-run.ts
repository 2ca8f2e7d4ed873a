import { readFileSync } from "node:fs";
import { log } from "./util";

export interface DataPathFigures {
  seconds: number;
  sessions: number;
  rates: Record<
    string,
    {
      inbound: { p50Ms: number; p99Ms: number; n: number };
      outbound: { p50Ms: number; p99Ms: number; n: number; refused: number };
    }
  >;
}

/**
 * The local data path's figures (packages/local/bench/data-path.ts --json FILE: Events.fifo →
 * WS frame, POST → inbox command). The fleet may not reach into @wharf/local (DESIGN §2), so
 * the root `bench:ratios` runs that bench first and hands its file over (`--data-path-json`).
 */
export function readDataPath(file: string): DataPathFigures {
  const figures = JSON.parse(readFileSync(file, "utf8")) as DataPathFigures;
  log("data path", figures as unknown as Record<string, unknown>);
  return figures;
}
