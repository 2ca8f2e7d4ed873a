export * from "./dynamo/index";
export * from "./sqs/index";
export * from "./config";
export * from "./config-sst";
