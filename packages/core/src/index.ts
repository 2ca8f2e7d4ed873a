export * from "./errors";
export * from "./ids";
export * from "./clock";
export * from "./ports";
export * from "./tenants/tenants";
export * from "./api-keys/secret";
export * from "./api-keys/api-keys";
export * from "./sessions/sessions";
