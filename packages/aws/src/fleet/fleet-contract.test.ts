import { describeFleetContract } from "@wharf/core/testing";
import { useTestStack } from "../testing/index";
import { createCommandLedger } from "./command-ledger";
import { createWorkerRegistry } from "./worker-registry";

// The same behavioural suite the in-memory fakes pass, here against DynamoDB Local.
const stack = useTestStack();
const ctx = { doc: stack.doc, tableName: stack.tableName };
describeFleetContract("DynamoDB", async () => ({
  registryFor: (fleet) => createWorkerRegistry(ctx, fleet),
  ledger: createCommandLedger(ctx),
}));
