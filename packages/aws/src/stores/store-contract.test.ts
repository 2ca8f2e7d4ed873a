import { describeRepositoryContract } from "@wharf/core/testing";
import { useTestStack } from "../testing/index";
import { createDynamoRepositories } from "./core-stores";

// The same behavioural suite the in-memory fakes pass, here against DynamoDB Local.
const stack = useTestStack();
describeRepositoryContract("DynamoDB", async () =>
  createDynamoRepositories({ doc: stack.doc, tableName: stack.tableName }),
);
