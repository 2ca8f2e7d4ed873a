import { Resource } from "sst/resource";
import { createHttpHandler } from "./http-handler";

/** Lambda "http" (API Gateway HTTP API, $default route). Composition runs once per cold start. */
export const handler = createHttpHandler(process.env, Resource);
