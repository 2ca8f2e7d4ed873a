export * from "./task-protection";
export * from "./load-report";
