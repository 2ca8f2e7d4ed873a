import type { ContactsCheckBody, FieldIssue, OperationName, OperationParams } from "@wharf/contracts";
import { ValidationError } from "../errors";
import { normalizeRecipient } from "../messages/jid";
import { runOperation, type OperationAnswer, type OperationDeps } from "./operations";

/**
 * The contact and profile verbs (#12): each validates and normalizes its input (every bad
 * number named in the details), then runs one session operation on the owner.
 */

/** The phones of a check body as E.164 digits; every bad entry is one issue at body.phones.<i>. */
export function checkPhones(body: ContactsCheckBody): string[] {
  const issues: FieldIssue[] = [];
  const phones: string[] = [];
  body.phones.forEach((raw, i) => {
    const field = `body.phones.${i}`;
    if (raw.includes("@")) {
      issues.push({ path: field, message: "a phone number, not a JID", code: "invalid_phone" });
      return;
    }
    try {
      phones.push(normalizeRecipient(raw, field).phone as string);
    } catch (err) {
      if (err instanceof ValidationError) issues.push(...(err.details ?? []));
      else throw err;
    }
  });
  if (issues.length > 0) throw new ValidationError(`${issues.length} invalid phone number(s)`, issues);
  return phones;
}

/** A contact named by phone number or user/LID JID; groups are no contacts. */
export function contactJidOf(raw: string, field = "path.jid"): string {
  const r = normalizeRecipient(raw, field);
  if (r.kind === "group")
    throw new ValidationError("a group is not a contact", [
      { path: field, message: "a phone number, <number>@s.whatsapp.net or <id>@lid", code: "not_a_contact" },
    ]);
  return r.jid;
}

type Run = <N extends OperationName>(op: N, params: OperationParams<N>) => Promise<OperationAnswer<N>>;

/** The verbs bound to one tenant and session, for the routes. */
export function contactOperations(deps: OperationDeps, tenantId: string, sessionId: string) {
  const run: Run = (op, params) => runOperation(deps, tenantId, sessionId, op, params);
  return {
    profile: () => run("account.profile", {}),
    check: (body: ContactsCheckBody) => run("contacts.check", { phones: checkPhones(body) }),
    get: (raw: string) => run("contacts.get", { jid: contactJidOf(raw) }),
    block: (raw: string, action: "block" | "unblock") => run("contacts.block", { jid: contactJidOf(raw), action }),
    blocklist: () => run("contacts.blocklist", {}),
    subscribePresence: (raw: string) => run("presence.subscribe", { jid: contactJidOf(raw) }),
  };
}
