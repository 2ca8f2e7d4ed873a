export * from "./records";
export * from "./page";
export * from "./repositories";
export * from "./queues";
