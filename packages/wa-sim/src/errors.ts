/** Machine codes of everything a caller of the simulator can get wrong (also the admin API's error codes). */
export type SimErrorCode =
  | "invalid_body"
  | "not_found"
  | "account_not_found"
  | "phone_taken"
  | "account_offline"
  | "account_not_linked"
  | "qr_invalid"
  | "qr_unknown_ref"
  | "qr_mismatch"
  | "pairing_not_pending"
  | "pairing_code_invalid"
  | "pairing_code_mismatch"
  | "link_timeout"
  | "message_not_found"
  | "group_not_found"
  | "not_a_member"
  | "not_admin";

const HTTP_STATUS: Record<SimErrorCode, number> = {
  invalid_body: 400,
  not_found: 404,
  account_not_found: 404,
  phone_taken: 409,
  account_offline: 409,
  account_not_linked: 409,
  qr_invalid: 400,
  qr_unknown_ref: 404,
  qr_mismatch: 400,
  pairing_not_pending: 404,
  pairing_code_invalid: 400,
  pairing_code_mismatch: 400,
  link_timeout: 504,
  message_not_found: 404,
  group_not_found: 404,
  not_a_member: 403,
  not_admin: 403,
};

/** The simulator's one error type: a stable machine code, mapped to HTTP once in the admin server. */
export class SimError extends Error {
  constructor(
    readonly code: SimErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "SimError";
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}
