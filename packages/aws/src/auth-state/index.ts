export { AuthStateKeyring, authStateKeyId, AUTH_STATE_KEY_BYTES, type SealedValue } from "./cipher";
export { AuthStateDecryptError, AuthStateWriteError } from "./errors";
export {
  AUTH_SK_PREFIX,
  CREDS_SK,
  credsKey,
  keySk,
  signalKey,
  sealItem,
  MAX_SEALED_BYTES,
  type AuthValueCodec,
  type AuthItemKey,
} from "./items";
export {
  DynamoAuthStateStore,
  type AuthFence,
  type AuthKeyWrites,
  type DynamoAuthStateStoreOptions,
} from "./dynamo-auth-store";
export { AuthItemReader } from "./auth-item-reader";
