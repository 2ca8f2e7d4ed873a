import { createInMemoryStores } from "@wharf/core/testing";
import { beforeAll, describe } from "vitest";
import { createFakeDataPath } from "./testing/fake-data-path";
import { createHarness } from "./testing/harness";
import { eventLogSuite } from "./testing/suites/event-log";
import { webhookEditingSuite, type DataHarness } from "./testing/suites/webhook-editing";

/** Webhook editing and the event log over the in-memory fakes (the same suites run on DynamoDB Local). */
describe("webhook editing and event log routes over in-memory fakes", () => {
  let harness: DataHarness | undefined;
  beforeAll(() => {
    const fake = createFakeDataPath();
    harness = Object.assign(createHarness(createInMemoryStores(), { data: fake.data }), {
      eventLog: fake.eventLog,
    });
  });
  const h = () => {
    if (!harness) throw new Error("harness not ready");
    return harness;
  };
  webhookEditingSuite(h);
  eventLogSuite(h);
});
