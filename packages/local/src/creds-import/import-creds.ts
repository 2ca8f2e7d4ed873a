import {
  type AuthStateKeyring,
  claimSessionLease,
  DynamoAuthStateStore,
  type DynamoContext,
  releaseSessionLease,
} from "@wharf/aws";
import { randomUUID } from "node:crypto";
import { baileysCodec } from "@wharf/fleet";
import type { CredsToImport } from "./creds-file";
import { CredsImportError } from "./errors";

export interface ImportCredsInput {
  ctx: DynamoContext;
  keyring: AuthStateKeyring;
  tenantId: string;
  sessionId: string;
  data: CredsToImport;
  now?: () => Date;
}

/** how long the import holds the session: far longer than its few writes take */
const IMPORT_LEASE_MS = 60_000;

/**
 * Replaces a session's stored auth state with imported creds (and keys), through the same
 * sealed, fenced store the worker reads: the import takes the session's lease like a worker
 * would (so it never races an owner), clears the old state, writes, and gives the lease back.
 * The session's next connect logs in with the imported account.
 */
export async function importCreds(input: ImportCredsInput): Promise<{ account: string; keys: number }> {
  const { ctx, tenantId, sessionId } = input;
  const now = input.now ?? (() => new Date());
  const owner = `creds-import-${randomUUID()}`;
  const claim = await claimSessionLease(ctx, { tenantId, sessionId, owner, now: now(), ttlMs: IMPORT_LEASE_MS });
  if (claim.status === "missing") throw new CredsImportError(`tenant ${tenantId} has no session ${sessionId}`);
  if (claim.status === "held")
    throw new CredsImportError(
      `session ${sessionId} is connected (a worker holds it): disconnect it first (POST /v1/sessions/${sessionId}/disconnect), then import`,
    );
  const epoch = claim.lease.epoch;
  try {
    const store = new DynamoAuthStateStore({
      ctx,
      tenantId,
      sessionId,
      keyring: input.keyring,
      codec: baileysCodec,
      fence: () => ({ owner, epoch }),
    });
    await store.clear();
    const keys = Object.values(input.data.keys).reduce((n, byId) => n + Object.keys(byId).length, 0);
    if (keys > 0) await store.setKeys(input.data.keys);
    // creds last: a session with creds but missing keys would log in half-restored
    await store.writeCreds(input.data.creds);
    return { account: input.data.creds.me.id, keys };
  } finally {
    await releaseSessionLease(ctx, { tenantId, sessionId, owner, epoch });
  }
}
