import type { IncomingMessage } from "node:http";
import type { WebSocketEvent } from "@wharf/control";

/** What the gateway invokes: the ws Lambda's handler (statusCode decides $connect). */
export type GatewayHandler = (event: WebSocketEvent) => Promise<{ statusCode?: number } | undefined | void>;

export interface GatewayContext {
  domainName: string;
  stage: string;
  apiId: string;
  requestId: string;
}

/** APIGatewayProxyWebsocketEventV2 shapes, as API Gateway builds them for each route. */
function requestContext(
  ctx: GatewayContext,
  connectionId: string,
  routeKey: string,
  eventType: "CONNECT" | "MESSAGE" | "DISCONNECT",
) {
  const now = Date.now();
  return {
    routeKey,
    eventType,
    messageId: eventType === "MESSAGE" ? ctx.requestId : (undefined as unknown as string),
    extendedRequestId: ctx.requestId,
    requestTime: new Date(now).toUTCString(),
    messageDirection: "IN" as const,
    stage: ctx.stage,
    connectedAt: now,
    requestTimeEpoch: now,
    requestId: ctx.requestId,
    domainName: ctx.domainName,
    connectionId,
    apiId: ctx.apiId,
  };
}

export function connectEvent(req: IncomingMessage, connectionId: string, ctx: GatewayContext): WebSocketEvent {
  const url = new URL(req.url ?? "/", "http://local");
  const query = Object.fromEntries(url.searchParams.entries());
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]),
  );
  return {
    requestContext: requestContext(ctx, connectionId, "$connect", "CONNECT"),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    isBase64Encoded: false,
  };
}

export function messageEvent(
  connectionId: string,
  body: string,
  isBase64Encoded: boolean,
  ctx: GatewayContext,
): WebSocketEvent {
  return { requestContext: requestContext(ctx, connectionId, "$default", "MESSAGE"), body, isBase64Encoded };
}

export function disconnectEvent(connectionId: string, ctx: GatewayContext): WebSocketEvent {
  return { requestContext: requestContext(ctx, connectionId, "$disconnect", "DISCONNECT"), isBase64Encoded: false };
}
