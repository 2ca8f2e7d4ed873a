import { Resource } from "sst/resource";
import { bootstrapDataLambda } from "./data-lambda";
import { createWsHandler } from "./ws-handler";

/** Lambda "ws" ($connect, $disconnect, $default of the realtime API). Composition runs once per cold start. */
export const handler = createWsHandler(bootstrapDataLambda("ws", process.env, Resource, []).data.ws);
