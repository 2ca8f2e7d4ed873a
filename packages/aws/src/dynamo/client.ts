import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface DynamoClientOptions {
  region: string;
  /** DynamoDB Local or another emulator; omit on AWS */
  endpoint?: string | undefined;
  /** omit on AWS (default provider chain); emulators accept any value */
  credentials?: AwsCredentials | undefined;
}

/** Any non-empty credentials work against the emulators; they are never checked. */
export const LOCAL_CREDENTIALS: AwsCredentials = { accessKeyId: "local", secretAccessKey: "local" };

interface TrimmableClient {
  config: object;
  middlewareStack: { remove(name: string): boolean };
}

type SignerFactory = (authScheme?: { signingName?: string; signingRegion?: string }) => Promise<unknown>;

/**
 * Per-call work the SDK does for nothing here (measured in bench/sdk-call-cpu.ts):
 * - the logger middleware filters every input and output through its schema for a logger that
 *   is a no-op (no logger is configured): removed;
 * - the SigV4 signer is built anew for every call from a copy of the whole client config, which
 *   also throws away its cache of derived signing keys: one signer per signing name and region
 *   (the signer takes region, service and date per call and reads credentials from the client's
 *   own refreshing provider, so a kept signer signs exactly as a new one).
 * The document client shares its base client's stack: trim the base client once.
 */
export function trimSdkClient<C extends TrimmableClient>(client: C): C {
  client.middlewareStack.remove("loggerMiddleware");
  const config = client.config as { signer?: SignerFactory };
  const make = config.signer;
  if (typeof make === "function") {
    const signers = new Map<string, Promise<unknown>>();
    config.signer = (authScheme) => {
      const key = `${authScheme?.signingName ?? ""}|${authScheme?.signingRegion ?? ""}`;
      let signer = signers.get(key);
      if (!signer) {
        signer = make(authScheme);
        signers.set(key, signer);
        // a failed construction is not kept
        signer.catch(() => signers.delete(key));
      }
      return signer;
    };
  }
  return client;
}

/** The base client (table admin) and a document client over it (stores). */
export function createDynamoClients(opts: DynamoClientOptions): {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
} {
  const dynamo = trimSdkClient(
    new DynamoDBClient({
      region: opts.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    }),
  );
  const doc = DynamoDBDocumentClient.from(dynamo, {
    // undefined optional fields are dropped instead of failing the whole write
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  return { dynamo, doc };
}

export function createDocumentClient(opts: DynamoClientOptions): DynamoDBDocumentClient {
  return createDynamoClients(opts).doc;
}
