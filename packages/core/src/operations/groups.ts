import type {
  CreateGroupBody,
  FieldIssue,
  GroupParticipantsBody,
  JoinGroupBody,
  OperationName,
  OperationParams,
  UpdateGroupBody,
} from "@wharf/contracts";
import { NotFoundError, ValidationError } from "../errors";
import type { GroupRecord, GroupStore } from "../groups/ports";
import { normalizeRecipient } from "../messages/jid";
import type { PageRequest, PageResult } from "../paging";
import { getSession } from "../sessions/sessions";
import { contactJidOf } from "./contacts";
import { runOperation, type OperationAnswer, type OperationDeps } from "./operations";

/**
 * The group verbs (#12): each validates its input (every bad member named in the details),
 * then runs one session operation on the owner. Listing reads the stored metadata instead.
 */

/** A group named by its JID (`…@g.us`); anything else is a 400 naming the field. */
export function groupJidOf(raw: string, field = "path.groupJid"): string {
  const r = normalizeRecipient(raw, field);
  if (r.kind !== "group")
    throw new ValidationError("not a group", [
      { path: field, message: "a group JID (<id>@g.us)", code: "not_a_group" },
    ]);
  return r.jid;
}

/** Members by phone number or JID; every bad entry is one issue at body.participants.<i>. */
function memberJids(raw: string[]): string[] {
  const issues: FieldIssue[] = [];
  const jids: string[] = [];
  raw.forEach((entry, i) => {
    try {
      jids.push(contactJidOf(entry, `body.participants.${i}`));
    } catch (err) {
      if (err instanceof ValidationError) issues.push(...(err.details ?? []));
      else throw err;
    }
  });
  if (issues.length > 0) throw new ValidationError(`${issues.length} invalid participant(s)`, issues);
  return jids;
}

/** The code of an invite link (`https://chat.whatsapp.com/<code>`) or the code itself. */
export function inviteCodeOf(raw: string): string {
  const code = raw.trim().replace(/^https?:\/\/chat\.whatsapp\.com\//i, "");
  if (!/^[0-9A-Za-z_-]{6,64}$/.test(code))
    throw new ValidationError("invalid invite code", [
      { path: "body.code", message: "an invite code or https://chat.whatsapp.com/<code>", code: "invalid_invite_code" },
    ]);
  return code;
}

type Run = <N extends OperationName>(op: N, params: OperationParams<N>) => Promise<OperationAnswer<N>>;

/** The verbs bound to one tenant and session, for the routes. */
export function groupOperations(deps: OperationDeps, tenantId: string, sessionId: string) {
  const run: Run = (op, params) => runOperation(deps, tenantId, sessionId, op, params);
  return {
    get: (raw: string) => run("groups.get", { jid: groupJidOf(raw) }),
    create: (body: CreateGroupBody) =>
      run("groups.create", { subject: body.subject, participants: memberJids(body.participants) }),
    update: (raw: string, body: UpdateGroupBody) => run("groups.update", { jid: groupJidOf(raw), ...body }),
    participants: (raw: string, body: GroupParticipantsBody) =>
      run("groups.participants", {
        jid: groupJidOf(raw),
        action: body.action,
        participants: memberJids(body.participants),
      }),
    leave: (raw: string) => run("groups.leave", { jid: groupJidOf(raw) }),
    invite: (raw: string, revoke: boolean) => run("groups.invite", { jid: groupJidOf(raw), revoke }),
    join: (body: JoinGroupBody) => run("groups.join", { code: inviteCodeOf(body.code) }),
  };
}

/** The session's groups as last stored from its owner's events (the session must be the caller's). */
export async function listStoredGroups(
  deps: Pick<OperationDeps, "sessions" | "clock"> & { groups: GroupStore },
  tenantId: string,
  sessionId: string,
  page: PageRequest,
): Promise<PageResult<GroupRecord>> {
  await getSession(deps, tenantId, sessionId);
  return deps.groups.list(tenantId, sessionId, page);
}

/** One stored group; 404 when the session never reported it. */
export async function getStoredGroup(
  deps: Pick<OperationDeps, "sessions" | "clock"> & { groups: GroupStore },
  tenantId: string,
  sessionId: string,
  raw: string,
): Promise<GroupRecord> {
  await getSession(deps, tenantId, sessionId);
  const group = await deps.groups.get(tenantId, sessionId, groupJidOf(raw));
  if (!group) throw new NotFoundError("group");
  return group;
}
