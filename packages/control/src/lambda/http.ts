import { lambdaMetrics, meterHttp } from "@wharf/aws";
import { Resource } from "sst/resource";
import { createHttpHandler } from "./http-handler";

/** Lambda "http" (API Gateway HTTP API, $default route). Composition runs once per cold start. */
export const handler = meterHttp(lambdaMetrics("http", process.env), createHttpHandler(process.env, Resource));
