import { createInMemoryStores } from "@wharf/core/testing";
import { describe } from "vitest";
import { describeApi } from "./testing/suites";

describe("REST API over the in-memory stores", () => {
  describeApi(() => createInMemoryStores());
});
