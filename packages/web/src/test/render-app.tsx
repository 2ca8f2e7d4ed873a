import { render } from "@testing-library/react";
import { App } from "../app/App";
import type { KeyStorage } from "../auth/key-storage";

export const GOOD_KEY = `wharf_sk_${"k".repeat(43)}`;

export function memoryStorage(initial: string | null = null): KeyStorage & { value: string | null } {
  const s = {
    value: initial,
    get: () => s.value,
    set: (k: string) => {
      s.value = k;
    },
    clear: () => {
      s.value = null;
    },
  };
  return s;
}

/** The whole dashboard with a fake fetch; realtime goes through the global (stubbed) WebSocket. */
export function renderApp(fetch: typeof globalThis.fetch, storage = memoryStorage(GOOD_KEY)) {
  const utils = render(<App config={{ apiUrl: "", wsUrl: "ws://realtime.test/ws" }} storage={storage} fetch={fetch} />);
  return { ...utils, storage };
}
