export * from "./http";
export * from "./endpoints";
export * from "./types";
export * from "./query-keys";
