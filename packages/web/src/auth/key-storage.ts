/**
 * The tenant API key lives in sessionStorage: it survives a reload of the tab but not
 * closing it, and never reaches another tab or disk-backed localStorage.
 */
export const KEY_STORAGE_NAME = "wharf.apiKey";

export interface KeyStorage {
  get(): string | null;
  set(key: string): void;
  clear(): void;
}

export function sessionKeyStorage(storage: Storage | undefined = globalThis.sessionStorage): KeyStorage {
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
  };
}
