import { CONNECTION_TTL_SECONDS, isWharfError, type Clock, type ConnectionStore } from "@wharf/core";
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import type { Logger } from "pino";
import { verifyRealtimeToken } from "../realtime/tokens";

/** The $connect event also carries the handshake's headers (absent from the published type). */
export type WebSocketEvent = APIGatewayProxyWebsocketEventV2 & { headers?: Record<string, string | undefined> };

export interface WsHandlerDeps {
  connections: ConnectionStore;
  tokenKey: string;
  clock: Clock;
  logger: Logger;
}

type Result = APIGatewayProxyResultV2 & { statusCode: number };

/**
 * The realtime WebSocket (Lambda "ws" on API Gateway; locally the project's gateway): $connect
 * checks the `?token=` minted by POST /v1/realtime/tokens and stores the connection for its
 * tenant with a TTL; $disconnect forgets it; $default accepts keep-alive pings.
 */
export function createWsHandler(deps: WsHandlerDeps): (event: WebSocketEvent) => Promise<Result> {
  return async (event) => {
    const { connectionId, eventType } = event.requestContext;
    switch (eventType) {
      case "CONNECT": {
        try {
          const claims = await verifyRealtimeToken(deps.tokenKey, event.queryStringParameters?.token);
          const now = deps.clock.now();
          await deps.connections.put({
            connectionId,
            tenantId: claims.tenantId,
            keyId: claims.keyId,
            scopes: claims.scopes ? [...claims.scopes] : null,
            sessionIds: claims.sessionIds ? [...claims.sessionIds] : null,
            connectedAt: now.toISOString(),
            expiresAt: new Date(now.getTime() + CONNECTION_TTL_SECONDS * 1000).toISOString(),
          });
          deps.logger.info({ connectionId, tenantId: claims.tenantId }, "realtime connected");
          return { statusCode: 200 };
        } catch (err) {
          if (isWharfError(err) && err.code === "unauthorized") {
            deps.logger.info({ connectionId }, "realtime connection refused: bad token");
            return { statusCode: 401, body: "unauthorized" };
          }
          throw err;
        }
      }
      case "DISCONNECT":
        await deps.connections.delete(connectionId);
        deps.logger.info({ connectionId }, "realtime disconnected");
        return { statusCode: 200 };
      default:
        // client frames are keep-alive pings; nothing to answer
        return { statusCode: 200 };
    }
  };
}
