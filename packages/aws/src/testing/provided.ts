import type { TestStackInfo } from "./test-stack";

/** Typing for `inject("wharfStack")` in tests (provided by ./global-setup). */
declare module "vitest" {
  export interface ProvidedContext {
    wharfStack: TestStackInfo;
  }
}

export type { TestStackInfo };
