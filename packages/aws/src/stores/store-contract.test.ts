import { describeStoreContract } from "@wharf/core/testing";
import { useTestStack } from "../testing/index";
import { createDynamoStores } from "./core-stores";

// The same behavioural suite the in-memory fakes pass, here against DynamoDB Local.
const stack = useTestStack();
describeStoreContract("DynamoDB", async () => createDynamoStores({ doc: stack.doc, tableName: stack.tableName }));
