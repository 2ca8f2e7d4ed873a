import { lambdaMetrics, meterHttp } from "@wharf/aws";
import { Resource } from "sst/resource";
import { createHttpHandler } from "./http-handler";

/** Lambda "http" (API Gateway HTTP API, $default route). Composition runs once per cold start. */
const metrics = lambdaMetrics("http", process.env);
export const handler = meterHttp(metrics, createHttpHandler(process.env, Resource, metrics));
