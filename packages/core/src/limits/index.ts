export * from "./plans";
export * from "./gcra";
export * from "./ports";
export * from "./quotas";
export * from "./auth-failures";
