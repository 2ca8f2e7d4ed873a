import { z } from "zod";

/**
 * Session control bodies: `POST /v1/sessions/{id}/connect`. The phone of the
 * pairing-code method may be typed as people write it (+49 151 …); the API normalizes it to
 * E.164 digits and answers 400 for numbers that cannot be right.
 */
export const ConnectBody = z.discriminatedUnion("method", [
  z.object({ method: z.literal("qr") }).strict(),
  z.object({ method: z.literal("pairing_code"), phone: z.string().trim().min(1).max(32) }).strict(),
]);
export type ConnectBody = z.infer<typeof ConnectBody>;

/** disconnect / logout take no options; an empty JSON object (or no body) is accepted. */
export const EmptyBody = z.object({}).strict();
export type EmptyBody = z.infer<typeof EmptyBody>;

/** `GET /v1/sessions/{id}/qr`: what to show for linking right now (nulls when nothing is current). */
export const LinkCredentials = z.object({
  qr: z.string().nullable(),
  /** PNG data URL of the QR code (rendered by the API with the `qrcode` package) */
  dataUrl: z.string().nullable(),
  pairingCode: z.string().nullable(),
  expiresAt: z.string().datetime().nullable(),
});
export type LinkCredentials = z.infer<typeof LinkCredentials>;
