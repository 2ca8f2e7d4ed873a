import type { TestProject } from "vitest/node";
import { startTestStack } from "./test-stack";
import "./provided";

/**
 * vitest globalSetup: one in-memory DynamoDB Local + fauxqs per vitest project run. Test
 * files read the endpoints with `inject("wharfStack")` (see ./index.ts `useTestStack`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startTestStack();
  project.provide("wharfStack", {
    dynamoEndpoint: stack.dynamoEndpoint,
    sqsEndpoint: stack.sqsEndpoint,
    region: stack.region,
    tableName: stack.tableName,
    mediaBucket: stack.mediaBucket,
  });
  return () => stack.stop();
}
