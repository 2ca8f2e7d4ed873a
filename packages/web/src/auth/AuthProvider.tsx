import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { createApi, type Api } from "../api/endpoints";
import { createHttpClient } from "../api/http";
import type { WebConfig } from "../config";
import { sharedKeyStorage, type KeyStorage } from "./key-storage";

interface Auth {
  api: Api;
  config: WebConfig;
  apiKey: string | null;
  /** Why the user was signed out, shown on the sign-in page (revoked key, …). */
  signOutReason: string | null;
  signIn: (apiKey: string) => void;
  signOut: (reason?: string) => void;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}

export function useApi(): Api {
  return useAuth().api;
}

interface AuthProviderProps {
  config: WebConfig;
  children: ReactNode;
  storage?: KeyStorage;
  fetch?: typeof fetch;
  /** How often a signed-in tab checks its key is still accepted (a live socket makes no requests). */
  keyCheckMs?: number;
}

const REVOKED = "Your API key is no longer accepted (it may have been revoked). Sign in with a valid key.";

/** Holds the signed-in key and the API client that sends it; a 401 anywhere signs out. */
export function AuthProvider({ config, children, storage: given, fetch, keyCheckMs = 30_000 }: AuthProviderProps) {
  const storage = useMemo(() => given ?? sharedKeyStorage(), [given]);
  const queryClient = useQueryClient();
  const [apiKey, setApiKey] = useState<string | null>(() => storage.get());
  const [signOutReason, setSignOutReason] = useState<string | null>(null);
  const keyRef = useRef(apiKey);
  keyRef.current = apiKey;

  const signOut = useCallback(
    (reason?: string) => {
      storage.clear();
      keyRef.current = null;
      setApiKey(null);
      setSignOutReason(reason ?? null);
      // Nothing of the previous tenant may stay on screen or in memory.
      queryClient.clear();
    },
    [storage, queryClient],
  );

  const signIn = useCallback(
    (key: string) => {
      storage.set(key);
      keyRef.current = key;
      setSignOutReason(null);
      setApiKey(key);
    },
    [storage],
  );

  const signOutRef = useRef(signOut);
  signOutRef.current = signOut;
  const api = useMemo(
    () =>
      createApi(
        createHttpClient({
          baseUrl: config.apiUrl,
          getApiKey: () => keyRef.current,
          fetch,
          onUnauthorized: () => {
            if (keyRef.current) signOutRef.current(REVOKED);
          },
        }),
      ),
    [config.apiUrl, fetch],
  );

  // Another tab signed in or out: follow it (one sign-in for the whole browser).
  useEffect(
    () =>
      storage.subscribe?.((key) => {
        if (key === keyRef.current) return;
        keyRef.current = key;
        queryClient.clear();
        setSignOutReason(null);
        setApiKey(key);
      }),
    [storage, queryClient],
  );

  // A revoked key must not keep showing "Live": check it when the tab comes back into view and
  // every `keyCheckMs`; a 401 signs out through onUnauthorized above.
  useEffect(() => {
    if (!apiKey) return;
    const check = () => {
      if (document.visibilityState === "hidden") return;
      api.sessions.list({ limit: 1 }).catch(() => undefined);
    };
    const timer = setInterval(check, keyCheckMs);
    window.addEventListener("focus", check);
    document.addEventListener("visibilitychange", check);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", check);
      document.removeEventListener("visibilitychange", check);
    };
  }, [apiKey, api, keyCheckMs]);

  const value = useMemo(
    () => ({ api, config, apiKey, signOutReason, signIn, signOut }),
    [api, config, apiKey, signOutReason, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
