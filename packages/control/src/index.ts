export { createApp, MAX_BODY_BYTES } from "./app";
export type { AppDeps, AppEnv, AppVariables } from "./env";
export { HTTP_STATUS_BY_CODE } from "./http/errors";
export { OPENAPI_PATH, DOCS_PATH } from "./routes/docs";
