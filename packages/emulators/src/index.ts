export {
  startDynamoDbLocal,
  DEFAULT_JVM_ARGS,
  dynamoDbLocalLibDir,
  startParentWatchdog,
  type DynamoDbLocal,
  type DynamoDbLocalOptions,
} from "./dynamodb-local";
export { startSqsEmulator, type SqsEmulator, type SqsEmulatorOptions } from "./sqs";
export { freePort, portIsFree } from "./free-port";
