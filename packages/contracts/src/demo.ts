import { z } from "zod";
import { MAX_TEXT_LENGTH } from "./commands";

/**
 * Sim-mode demo API (`/v1/demo`, only with `npm start -- --sim`): virtual phones of the local
 * WhatsApp simulator, so a person can link a session and chat without WhatsApp. The local
 * runtime serves it; the dashboard's "virtual phone" panel calls it.
 */

/** A virtual phone's number, digits only (E.164 without +); also its id. */
export const DemoPhoneNumber = z
  .string()
  .regex(/^[1-9][0-9]{5,14}$/, { message: "6-15 digits with the country code, no + or spaces" });

export const DemoPhone = z.object({
  /** the simulator's account id (the phone number) */
  id: z.string(),
  phone: z.string(),
  name: z.string(),
  /** a companion device (a Wharf session) is linked to this phone */
  linked: z.boolean(),
  /** that device is connected right now */
  online: z.boolean(),
});
export type DemoPhone = z.infer<typeof DemoPhone>;

/** `GET /v1/demo`: answers only in sim mode (elsewhere 404 route_not_found). */
export const DemoState = z.object({ sim: z.literal(true), phones: z.array(DemoPhone) });
export type DemoState = z.infer<typeof DemoState>;

export const CreateDemoPhoneBody = z.object({ name: z.string().trim().min(1).max(60).optional() }).strict();
export type CreateDemoPhoneBody = z.infer<typeof CreateDemoPhoneBody>;

/** The phone scans the QR a session shows (the `qr` of a `connection:qr` frame). */
export const DemoScanBody = z.object({ qr: z.string().trim().min(1).max(2048) }).strict();
export type DemoScanBody = z.infer<typeof DemoScanBody>;

/** The phone types the 8-character pairing code a session shows (a dash in the middle is fine). */
export const DemoPairingCodeBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$/, { message: "8 letters or digits" }),
  })
  .strict();
export type DemoPairingCodeBody = z.infer<typeof DemoPairingCodeBody>;

/** A contact (any phone number) writes to the virtual phone's linked session. */
export const DemoContactMessageBody = z
  .object({ text: z.string().min(1).max(MAX_TEXT_LENGTH), pushName: z.string().trim().min(1).max(60).optional() })
  .strict();
export type DemoContactMessageBody = z.infer<typeof DemoContactMessageBody>;

export const DemoContactMessageSent = z.object({ id: z.string() });
export type DemoContactMessageSent = z.infer<typeof DemoContactMessageSent>;

/** Contacts confirm every message the linked session sent them (delivered is also automatic). */
export const DemoReceiptsBody = z.object({ type: z.enum(["delivered", "read"]) }).strict();
export type DemoReceiptsBody = z.infer<typeof DemoReceiptsBody>;

export const DemoReceiptsResult = z.object({ updated: z.number().int().nonnegative() });
export type DemoReceiptsResult = z.infer<typeof DemoReceiptsResult>;
