import { OpenAPIHono } from "@hono/zod-openapi";
import { MAX_TEXT_LENGTH } from "@wharf/contracts";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { methodNotAllowed } from "hono/method-not-allowed";
import type { AppDeps, AppEnv } from "./env";
import { methodNotAllowedResponse, onError, onNotFound } from "./http/errors";
import { requireTenant } from "./http/auth";
import { auditTrail } from "./http/audit-trail";
import { failedAuthThrottle } from "./http/failed-auth-throttle";
import { requestContext } from "./http/request-context";
import { validationHook } from "./http/validation";
import { registerApiKeyRoutes } from "./routes/api-keys";
import { registerDocsRoutes } from "./routes/docs";
import { registerHealthRoutes } from "./routes/health";
import { registerSessionRoutes } from "./routes/sessions";
import { registerTenantRoutes } from "./routes/tenants";
import { registerMediaRoutes } from "./routes/media";
import { registerMessageActionRoutes } from "./routes/message-actions";
import { registerContactRoutes } from "./routes/contacts";
import { registerGroupRoutes } from "./routes/groups";
import { registerMessageRoutes } from "./routes/messages";
import { registerRealtimeAndFleetRoutes } from "./routes/realtime-fleet";
import { registerSessionControlRoutes } from "./routes/session-control";
import { registerWebhookRoutes } from "./routes/webhooks";
import { registerEventLogRoutes } from "./routes/event-log";
import { registerAuditRoutes } from "./routes/audit";
import { TENANT_SECURITY } from "./schemas/openapi";

/** JSON's worst case per UTF-16 code unit: a client may send every character as `\uXXXX`. */
const JSON_ESCAPED_BYTES_PER_CHAR = 6;
/** Room for everything of the largest body but its text (type, recipient, JSON punctuation). */
const BODY_ENVELOPE_BYTES = 16 * 1024;

/**
 * Largest request body accepted: the largest valid body, a text message of the maximum
 * length with every character escaped, plus its envelope. Every other body is far smaller.
 */
export const MAX_BODY_BYTES = JSON_ESCAPED_BYTES_PER_CHAR * MAX_TEXT_LENGTH + BODY_ENVELOPE_BYTES;

/**
 * The REST API as a Hono app. Pure composition: every dependency comes in through `deps`,
 * so the same app runs in Lambda, in the local runtime and in tests.
 */
export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use("*", requestContext(deps.logger));
  // after the response is made: records authenticated mutating calls (http/scopes.ts names them)
  app.use("*", auditTrail(deps));
  app.use("/v1/*", failedAuthThrottle(deps));
  app.use("*", methodNotAllowed({ app, onMethodNotAllowed: methodNotAllowedResponse }));
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HTTPException(413);
      },
    }),
  );

  registerHealthRoutes(app, deps);
  registerTenantRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerSessionControlRoutes(app, deps, deps.data);
  registerMessageRoutes(app, deps, deps.data);
  registerMessageActionRoutes(app, deps, deps.data);
  registerContactRoutes(app, deps, deps.data);
  registerGroupRoutes(app, deps, deps.data);
  registerMediaRoutes(app, deps, deps.data);
  registerWebhookRoutes(app, deps, deps.data);
  registerEventLogRoutes(app, deps, deps.data);
  registerRealtimeAndFleetRoutes(app, deps, deps.data);
  registerAuditRoutes(app, deps);
  deps.extraRoutes?.(app, { requireTenant: requireTenant(deps), tenantSecurity: TENANT_SECURITY });
  registerDocsRoutes(app, deps);

  app.onError(onError);
  app.notFound(onNotFound);
  // The public type is the plain OpenAPIHono; the per-request variables are an internal detail.
  return app as unknown as OpenAPIHono;
}
