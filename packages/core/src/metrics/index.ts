export * from "./emf";
export * from "./names";
export * from "./ports";
