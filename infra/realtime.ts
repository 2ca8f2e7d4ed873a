/**
 * The dashboard's WebSocket API (DESIGN §1): $connect authenticates the short-lived token,
 * $disconnect forgets the connection, $default answers client frames. One handler serves
 * all three; it links the API itself for the management endpoint (replies, pings).
 */
import { controlFunction, HANDLERS } from "./functions";

export const REALTIME_ROUTES = ["$connect", "$disconnect", "$default"] as const;

export function createRealtime(baseLinks: unknown[]) {
  const realtime = new sst.aws.ApiGatewayWebSocket("Realtime");
  const handler = controlFunction(HANDLERS.ws, [...baseLinks, realtime], { timeout: "10 seconds" });
  for (const route of REALTIME_ROUTES) realtime.route(route, handler);
  return { realtime };
}
