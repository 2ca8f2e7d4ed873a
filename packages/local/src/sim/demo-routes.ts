import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, ExtraRouteKit } from "@wharf/control";
import {
  CreateDemoPhoneBody,
  DemoContactMessageBody,
  DemoContactMessageSent,
  DemoPairingCodeBody,
  DemoPhone,
  DemoPhoneNumber,
  DemoReceiptsBody,
  DemoReceiptsResult,
  DemoReceivedMediaParams,
  DemoScanBody,
  DemoState,
  ErrorBody,
} from "@wharf/contracts";
import { ConflictError, InvalidStateError, NotFoundError, ValidationError, type WharfError } from "@wharf/core";
import { SimError, type AccountView, type Simulator } from "@wharf/wa-sim";
import { z } from "zod";
import { toContactSend } from "./contact-content";
import type { PhoneOwners } from "./phone-owners";

/**
 * The sim-mode demo API (`/v1/demo`): the dashboard's "virtual phone" panel drives the
 * in-process WhatsApp simulator through it. Registered on the control app only in sim mode
 * (AppDeps.extraRoutes), so it shares tenant auth, zod validation and the error shape.
 * Every virtual phone belongs to one tenant (`owners`): a tenant lists and drives only its own,
 * gets its first phone on its first look, and may add a few more.
 */
export function registerDemoRoutes(
  app: OpenAPIHono<AppEnv>,
  kit: ExtraRouteKit,
  sim: Simulator,
  owners: PhoneOwners,
): void {
  const common = { tags: ["demo (sim mode)"], security: kit.tenantSecurity, middleware: kit.requireTenant };
  const phoneParams = z.object({ id: DemoPhoneNumber });
  const contactParams = z.object({ id: DemoPhoneNumber, phone: DemoPhoneNumber });
  const phoneView = (a: AccountView): DemoPhone => ({
    id: a.id,
    phone: a.phone,
    name: a.name,
    linked: a.linked,
    online: a.online,
  });
  const createPhone = (tenantId: string, name?: string) => {
    owners.assertRoom(tenantId);
    const phone = simCall(() =>
      sim.createAccount({ name: name ?? `Virtual phone ${owners.phonesOf(tenantId).length + 1}` }),
    );
    owners.assign(tenantId, phone.id);
    return phone;
  };
  /** the caller's phone `id`, or 404 */
  const ownPhone = (tenantId: string, id: string) => {
    owners.assertOwns(tenantId, id);
    return id;
  };
  const fail = (...statuses: number[]) =>
    Object.fromEntries(
      statuses.map((s) => [s, { description: `error (${s})`, content: { "application/json": { schema: ErrorBody } } }]),
    );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/demo",
      summary: "Sim mode only: the simulator's virtual phones",
      responses: { 200: json("sim mode is on", DemoState), ...fail(401, 403) },
    }),
    (c) => {
      const tenantId = c.get("tenantId");
      if (owners.phonesOf(tenantId).length === 0) createPhone(tenantId);
      const mine = new Set(owners.phonesOf(tenantId));
      return c.json(
        {
          sim: true as const,
          phones: sim
            .listAccounts()
            .filter((a) => mine.has(a.id))
            .map(phoneView),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/demo/phones",
      summary: "Add a virtual phone (a WhatsApp account in the simulator)",
      request: { body: body(CreateDemoPhoneBody) },
      responses: { 201: json("the phone", DemoPhone), ...fail(400, 401, 403, 429) },
    }),
    (c) => c.json(phoneView(createPhone(c.get("tenantId"), c.req.valid("json").name)), 201),
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/demo/phones/{id}/scan",
      summary: "The phone scans a session's QR code; answers once the session is linked",
      request: { params: phoneParams, body: body(DemoScanBody) },
      responses: { 200: json("linked", DemoPhone), ...fail(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        phoneView(
          await simCallAsync(() =>
            sim.scanQr(ownPhone(c.get("tenantId"), c.req.valid("param").id), c.req.valid("json").qr),
          ),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/demo/phones/{id}/pairing-code",
      summary: "The phone types a session's pairing code; answers once the session is linked",
      request: { params: phoneParams, body: body(DemoPairingCodeBody) },
      responses: { 200: json("linked", DemoPhone), ...fail(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const code = c.req.valid("json").code.replace("-", "").toUpperCase();
      return c.json(
        phoneView(
          await simCallAsync(() => sim.enterPairingCode(ownPhone(c.get("tenantId"), c.req.valid("param").id), code)),
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/demo/phones/{id}/contacts/{phone}/messages",
      summary: "A contact (any number) sends any kind of message, or edits or deletes one of its own",
      description:
        "Files come as base64 (at most 256 KB); the simulator encrypts and hosts them as WhatsApp does, so the " +
        "session's worker downloads and decrypts them. `replyTo` and `waMessageId` name a message of this chat " +
        "by its `waMessageId`; edit and delete take only the contact's own. While the phone's session is " +
        "offline, messages wait for it.",
      request: { params: contactParams, body: body(DemoContactMessageBody) },
      responses: { 202: json("sent by the contact", DemoContactMessageSent), ...fail(400, 401, 403, 404, 409, 413) },
    }),
    (c) => {
      const { id, phone } = c.req.valid("param");
      const { content, options } = toContactSend(c.req.valid("json"));
      const sent = simCall(() => sim.chat.send(ownPhone(c.get("tenantId"), id), phone, content, options));
      return c.json({ id: sent.id }, 202);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "get",
      path: "/v1/demo/phones/{id}/messages/{waMessageId}/media",
      summary: "The file of a message the phone's session sent, as its contact decrypted and verified it",
      request: { params: DemoReceivedMediaParams },
      responses: {
        200: {
          description: "the file's bytes; Content-Type is the message's mimetype",
          content: { "application/octet-stream": { schema: z.string().describe("binary") } },
        },
        ...fail(400, 401, 403, 404),
      },
    }),
    (c) => {
      const { id, waMessageId } = c.req.valid("param");
      const file = simCall(() => sim.chat.receivedMedia(ownPhone(c.get("tenantId"), id), waMessageId));
      return c.body(new Uint8Array(file.bytes), 200, {
        "content-type": file.mimetype ?? "application/octet-stream",
      });
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: "post",
      path: "/v1/demo/phones/{id}/receipts",
      summary: "Contacts confirm (delivered / read) every message the phone's session sent them",
      request: { params: phoneParams, body: body(DemoReceiptsBody) },
      responses: { 200: json("how many messages changed", DemoReceiptsResult), ...fail(400, 401, 403, 404) },
    }),
    (c) =>
      c.json(
        {
          updated: simCall(() =>
            sim.sendReceipts(ownPhone(c.get("tenantId"), c.req.valid("param").id), c.req.valid("json").type),
          ),
        },
        200,
      ),
  );
}

function json<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { "application/json": { schema } } } as const;
}

function body<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } } as const;
}

function simCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toWharfError(err);
  }
}

async function simCallAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toWharfError(err);
  }
}

/** The simulator's error codes in the API's terms (SimError codes stay out of responses). */
export function toWharfError(err: unknown): WharfError | unknown {
  if (!(err instanceof SimError)) return err;
  switch (err.code) {
    case "invalid_body":
    case "qr_invalid":
    case "qr_mismatch":
      return new ValidationError(err.message, [{ path: "body.qr", message: err.message, code: err.code }]);
    case "pairing_code_invalid":
    case "pairing_code_mismatch":
      return new ValidationError(err.message, [{ path: "body.code", message: err.message, code: err.code }]);
    case "account_not_found":
    case "not_found":
      return new NotFoundError("virtual phone");
    case "phone_taken":
      return new ConflictError(err.message);
    case "qr_unknown_ref":
      return new InvalidStateError("no session is showing this QR code any more; take the current one");
    case "pairing_not_pending":
      return new InvalidStateError("no session is waiting for a pairing code for this phone");
    case "link_timeout":
      return new InvalidStateError("the session did not finish linking in time; try again");
    case "account_offline":
    case "account_not_linked":
      return new InvalidStateError(err.message);
    case "message_not_found":
      return new NotFoundError("message of this chat");
    default:
      return err;
  }
}
