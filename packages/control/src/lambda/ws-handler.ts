import { admitConnection, isWharfError, type ApiKeyStore, type Clock, type ConnectionStore } from "@wharf/core";
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import type { Logger } from "pino";
import { verifyRealtimeToken } from "../realtime/tokens";

/** The $connect event also carries the handshake's headers (absent from the published type). */
export type WebSocketEvent = APIGatewayProxyWebsocketEventV2 & { headers?: Record<string, string | undefined> };

export interface WsHandlerDeps {
  connections: ConnectionStore;
  /** $connect refuses tokens whose API key was revoked */
  apiKeys: Pick<ApiKeyStore, "get">;
  tokenKey: string;
  clock: Clock;
  logger: Logger;
}

type Result = APIGatewayProxyResultV2 & { statusCode: number };

/**
 * The realtime WebSocket (Lambda "ws" on API Gateway; locally the project's gateway): $connect
 * checks the `?token=` minted by POST /v1/realtime/tokens (signature, expiry, its API key still
 * there, not used before) and stores the connection for its tenant and key with a TTL;
 * $disconnect forgets it; $default accepts keep-alive pings.
 */
export function createWsHandler(deps: WsHandlerDeps): (event: WebSocketEvent) => Promise<Result> {
  return async (event) => {
    const { connectionId, eventType } = event.requestContext;
    switch (eventType) {
      case "CONNECT": {
        try {
          const claims = await verifyRealtimeToken(deps.tokenKey, event.queryStringParameters?.token);
          await admitConnection(deps, claims, connectionId);
          deps.logger.info({ connectionId, tenantId: claims.tenantId }, "realtime connected");
          return { statusCode: 200 };
        } catch (err) {
          if (isWharfError(err) && err.code === "unauthorized") {
            deps.logger.info({ connectionId, reason: err.message }, "realtime connection refused");
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
