import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { CreateMediaUploadBody, MediaUpload } from "@wharf/contracts";
import { UnavailableError, createMediaUpload, type MediaDeps } from "@wharf/core";
import "@hono/zod-openapi";
import type { AppDeps, AppEnv, DataPathDeps } from "../env";
import { requireTenant } from "../http/auth";
import { TENANT_SECURITY, errorResponses, jsonBody, jsonResponse } from "../schemas/openapi";

const CreateMediaUploadBodySchema = CreateMediaUploadBody.clone().openapi("CreateMediaUploadBody");
const MediaUploadSchema = MediaUpload.clone().openapi("MediaUpload");

/** The media deps, or 503 when this deployment has no media bucket. */
export function mediaDepsOf(deps: AppDeps, data: DataPathDeps): MediaDeps {
  if (!data.media) throw new UnavailableError("media storage is not configured on this deployment", 60);
  return { media: data.media.store, blobs: data.media.blobs, clock: deps.clock };
}

/** `POST /v1/media`: a presigned PUT for a file a message will name; the bytes never pass the API. */
export function registerMediaRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, data: DataPathDeps): void {
  app.openapi(
    createRoute({
      tags: ["messages"],
      security: TENANT_SECURITY,
      middleware: requireTenant(deps),
      method: "post",
      path: "/v1/media",
      summary:
        "Announce a file and get a presigned PUT for it (Content-Type as declared, exactly `size` bytes). " +
        "413 media_too_large over WhatsApp's limit for the kind, 415 for a type the kind does not take.",
      request: { body: jsonBody(CreateMediaUploadBodySchema) },
      responses: {
        201: jsonResponse("upload with the URL", MediaUploadSchema),
        ...errorResponses("unavailable", "media_too_large"),
      },
    }),
    async (c) => {
      const upload = await createMediaUpload(mediaDepsOf(deps, data), c.get("tenantId"), c.req.valid("json"));
      c.get("logger").info({ mediaId: upload.mediaId }, "media upload announced");
      return c.json(upload, 201);
    },
  );
}
