import { readFileSync } from "node:fs";
import { log } from "./util";

/** SDK calls per unit, by command name, as the data-path bench counted them. */
export interface CallsPerUnit {
  total: number;
  byCommand: Record<string, number>;
}

export interface DataPathFigures {
  seconds: number;
  sessions: number;
  rates: Record<
    string,
    {
      /** deliveredPerSecond: delivered per second from first send to last delivery (absent in older files) */
      inbound: { p50Ms: number; p99Ms: number; n: number; deliveredPerSecond?: number };
      /** tooMany: answered 429; serverErrors: answered 5xx (absent in files of older benches) */
      outbound: {
        p50Ms: number;
        p99Ms: number;
        n: number;
        refused: number;
        tooMany?: number;
        serverErrors?: number;
        deliveredPerSecond?: number;
      };
      /** the control side's calls (API, events consumer, fan-out): per inbound event and per accepted POST */
      sdkCalls?: { perInboundEvent: CallsPerUnit; perPost: CallsPerUnit };
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
