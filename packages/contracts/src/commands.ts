import { z } from "zod";
import { defineCommand } from "./envelope";
import { MessageId } from "./ids";
import {
  DeleteMessageCommand,
  EditMessageCommand,
  MarkReadCommand,
  SendMessageCommand,
  SendPresenceCommand,
} from "./message-commands";
import { SessionOperationCommand } from "./operations";

/**
 * One schema per command type (control → the owning worker's Inbox.fifo, MessageGroupId =
 * sessionId). `epoch` is the lease epoch the sender saw; the worker executes a command for a
 * session it owns whatever the epoch, since commands are user intents, not owner state.
 */

/** Phone digits with country code, no "+" (E.164 without the plus). */
export const PairingPhone = z
  .string()
  .regex(/^[1-9][0-9]{6,14}$/, { message: "phone digits with country code, no + or spaces" });

/** How to link: show QR codes, or show a pairing code for the given phone number. */
export const ConnectMethod = z.discriminatedUnion("method", [
  z.object({ method: z.literal("qr") }).strict(),
  z.object({ method: z.literal("pairing_code"), phone: PairingPhone }).strict(),
]);
export type ConnectMethod = z.infer<typeof ConnectMethod>;

export const ConnectCommand = defineCommand("session.connect", ConnectMethod);
export type ConnectCommand = z.infer<typeof ConnectCommand>;

/** Close the socket and keep the auth state: connect again later without re-linking. */
export const DisconnectCommand = defineCommand("session.disconnect", z.object({}).strict());
export type DisconnectCommand = z.infer<typeof DisconnectCommand>;

/** Unlink the device from the phone and clear the auth state. */
export const LogoutCommand = defineCommand("session.logout", z.object({}).strict());
export type LogoutCommand = z.infer<typeof LogoutCommand>;

/** Start a fresh QR flow on a session that is not linked yet (the old codes expired). */
export const RequestQrCommand = defineCommand("session.request_qr", z.object({}).strict());
export type RequestQrCommand = z.infer<typeof RequestQrCommand>;

export const MAX_TEXT_LENGTH = 65_536;

export const SendTextCommand = defineCommand(
  "message.send_text",
  z
    .object({
      messageId: MessageId,
      /** phone number or JID; the worker normalizes it again (core normalizeRecipient) */
      to: z.string().min(1).max(128),
      text: z.string().min(1).max(MAX_TEXT_LENGTH),
    })
    .strict(),
);
export type SendTextCommand = z.infer<typeof SendTextCommand>;

export const FleetCommand = z.discriminatedUnion("type", [
  ConnectCommand,
  DisconnectCommand,
  LogoutCommand,
  RequestQrCommand,
  SendTextCommand,
  SendMessageCommand,
  EditMessageCommand,
  DeleteMessageCommand,
  MarkReadCommand,
  SendPresenceCommand,
  SessionOperationCommand,
]);
export type FleetCommand = z.infer<typeof FleetCommand>;
export type FleetCommandType = FleetCommand["type"];

export const PLACEMENT_REASONS = ["connect", "drain", "janitor", "dead_worker", "lease_lost"] as const;
export type PlacementReason = (typeof PLACEMENT_REASONS)[number];

/**
 * "This session needs an owner" (Placement queue, standard). Any worker with free capacity
 * claims the lease and starts the session if its desired state is still `connected`.
 * `connect` carries the linking method when the placement comes from a connect request.
 */
export const PlacementMessage = defineCommand(
  "session.place",
  z
    .object({
      reason: z.enum(PLACEMENT_REASONS),
      connect: ConnectMethod.optional(),
    })
    .strict(),
);
export type PlacementMessage = z.infer<typeof PlacementMessage>;
