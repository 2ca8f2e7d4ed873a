/**
 * The dashboard's WebSocket API (DESIGN §1): $connect authenticates the short-lived token,
 * $disconnect forgets the connection, $default answers client frames. One handler serves
 * all three (SST creates a function per route); it links the API itself for the management
 * endpoint (replies, pings).
 */
import { controlFunction, HANDLERS, type FunctionAccess } from "./functions";

export const REALTIME_ROUTES = ["$connect", "$disconnect", "$default"] as const;

/** `$connect` → `connect`: the function-name suffix of a route. */
export function routeSuffix(route: (typeof REALTIME_ROUTES)[number]): string {
  return route.slice(1);
}

export function createRealtime(access: FunctionAccess, functionName: (route: string) => string) {
  const realtime = new sst.aws.ApiGatewayWebSocket("Realtime");
  const link = [...access.link, realtime];
  for (const route of REALTIME_ROUTES) {
    realtime.route(
      route,
      controlFunction(
        HANDLERS.ws,
        { ...access, link },
        { name: functionName(routeSuffix(route)), timeout: "10 seconds" },
      ),
    );
  }
  return { realtime };
}
