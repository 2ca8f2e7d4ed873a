/**
 * The REST API (DESIGN §5): one HTTP API whose catch-all route hands every request to the
 * Hono app in packages/control, which does its own routing, auth and error mapping.
 */
import { controlFunction, HANDLERS, type FunctionAccess } from "./functions";
import type { ApiThrottle } from "./stage";

export function createApi(access: FunctionAccess, name: string, throttle: ApiThrottle) {
  // CORS open to any origin: auth is a bearer key, never a cookie. API Gateway answers
  // preflights itself and ignores CORS headers from the Lambda, so they cannot double up.
  const api = new sst.aws.ApiGatewayV2("Api", {
    cors: true,
    // the outer limit (per stage, all callers together); per-key rates and quotas are the app's
    transform: {
      stage: {
        defaultRouteSettings: { throttlingRateLimit: throttle.rate, throttlingBurstLimit: throttle.burst },
      },
    },
  });
  // API Gateway gives up on an integration after 30 s; the Lambda must not outlive it.
  api.route("$default", controlFunction(HANDLERS.http, access, { name, timeout: "29 seconds" }));
  return { api };
}
