import { inject } from "vitest";
import "./provided";
import { stackClients, type TestStackInfo } from "./test-stack";

export {
  stackClients,
  startTestStack,
  TEST_REGION,
  TEST_MEDIA_BUCKET,
  TEST_TABLE_NAME,
  type TestStack,
  type TestStackInfo,
} from "./test-stack";

/**
 * In a test file: the shared stack's endpoints and real SDK clients for it. Needs the
 * project's vitest config to list packages/aws/src/testing/global-setup.ts as globalSetup.
 */
export function useTestStack(): TestStackInfo & ReturnType<typeof stackClients> {
  const info = inject("wharfStack");
  if (!info)
    throw new Error("no wharfStack: add packages/aws/src/testing/global-setup.ts to this project's globalSetup");
  return { ...info, ...stackClients(info) };
}
export { countSdkCalls, type SdkCallCounter } from "../metrics/sdk-call-counter";
