export * from "./records";
export * from "../paging";
export * from "./repositories";
export * from "../queues/ports";
