import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import type { RealtimeConnectionCloser, RealtimeConnectionPoster } from "@wharf/core";
import type { AwsCredentials } from "../dynamo/client";

/** The API Gateway management client type, for packages that hold one without importing the SDK. */
export type ManagementClient = ApiGatewayManagementApiClient;

export interface ManagementClientOptions {
  /** https://{api}.execute-api.{region}.amazonaws.com/{stage}, or the local gateway's URL */
  endpoint: string;
  region: string;
  credentials?: AwsCredentials | undefined;
}

export function createManagementClient(opts: ManagementClientOptions): ApiGatewayManagementApiClient {
  return new ApiGatewayManagementApiClient({
    endpoint: opts.endpoint,
    region: opts.region,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
  });
}

function isGone(err: unknown): boolean {
  return err instanceof GoneException || (err as { name?: string } | null)?.name === "GoneException";
}

/** Posts frames through the API Gateway management API; `false` when the connection is gone. */
export function createManagementPoster(client: ApiGatewayManagementApiClient): RealtimeConnectionPoster {
  return {
    async post(connectionId, frame) {
      try {
        await client.send(
          new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(frame)) }),
        );
        return true;
      } catch (err) {
        if (isGone(err)) return false;
        throw err;
      }
    },
  };
}

/** Closes connections through the management API (`DELETE @connections/{id}`); `false` when gone already. */
export function createManagementCloser(client: ApiGatewayManagementApiClient): RealtimeConnectionCloser {
  return {
    async close(connectionId) {
      try {
        await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
        return true;
      } catch (err) {
        if (isGone(err)) return false;
        throw err;
      }
    },
  };
}
