/**
 * The tenant API key lives in localStorage, so every tab of the dashboard shares one sign-in:
 * signing in or out in one tab reaches the others through the `storage` event. It never goes
 * into a URL.
 */
export const KEY_STORAGE_NAME = "wharf.apiKey";

export interface KeyStorage {
  get(): string | null;
  set(key: string): void;
  clear(): void;
  /** Calls back with the new key (or null) when another tab signs in or out. */
  subscribe?(onChange: (key: string | null) => void): () => void;
}

export function sharedKeyStorage(
  storage: Storage | undefined = globalThis.localStorage,
  events: Pick<Window, "addEventListener" | "removeEventListener"> | undefined = globalThis.window,
): KeyStorage {
  return {
    get: () => {
      try {
        return storage?.getItem(KEY_STORAGE_NAME) ?? null;
      } catch {
        return null;
      }
    },
    set: (key) => storage?.setItem(KEY_STORAGE_NAME, key),
    clear: () => storage?.removeItem(KEY_STORAGE_NAME),
    subscribe: (onChange) => {
      const listener = (e: StorageEvent) => {
        if (e.key === KEY_STORAGE_NAME || e.key === null) onChange(e.key === null ? null : e.newValue);
      };
      events?.addEventListener("storage", listener);
      return () => events?.removeEventListener("storage", listener);
    },
  };
}
