import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Logger } from "pino";
import { decodeSimState, encodeSimState } from "./codec";
import type { SimSnapshot } from "./snapshot";

/** Where the simulator keeps its state between runs (see SimSnapshot for what that is). */
export interface SimStateStore {
  /** the state saved last, or undefined for a first start */
  load(): Promise<SimSnapshot | undefined>;
  save(snapshot: SimSnapshot): Promise<void>;
}

/**
 * The default: state lives as long as this store object. Saves go through the same encoding as
 * the file store, so a second simulator given the same store starts where the first stopped.
 */
export function createMemoryStateStore(): SimStateStore {
  let saved: string | undefined;
  return {
    async load() {
      return saved === undefined ? undefined : decodeSimState(saved);
    },
    async save(snapshot) {
      saved = encodeSimState(snapshot);
    },
  };
}

/**
 * State in one JSON file. Each save writes a temporary file next to it and renames it over the
 * old one, so a crash mid-write leaves the previous state intact. A file that cannot be read as
 * saved state is moved aside (`.corrupt-<time>`) and the simulator starts empty.
 */
export function createFileStateStore(file: string, logger?: Logger): SimStateStore {
  let seq = 0;
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw err;
      }
      try {
        const state = decodeSimState(text);
        if (!state) logger?.warn({ file }, "wa-sim state saved by an incompatible version: starting empty");
        return state;
      } catch (err) {
        const aside = `${file}.corrupt-${Date.now()}`;
        await rename(file, aside);
        logger?.warn({ err, file, aside }, "wa-sim state unreadable: moved aside, starting empty");
        return undefined;
      }
    },
    async save(snapshot) {
      const text = encodeSimState(snapshot);
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}-${++seq}`;
      try {
        await writeFile(tmp, text, { mode: 0o600 });
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
  };
}
