import type { SignalDataSet, SignalDataTypeMap, SignalKeyStore } from "@whiskeysockets/baileys";

/**
 * A plain in-memory Signal key store (the shape Baileys expects from any auth-state store). Used
 * by the simulator's parties and by test clients; never by production code.
 */
export function createMemoryKeyStore(): SignalKeyStore {
  const data = new Map<string, Map<string, unknown>>();
  const bucket = (type: string): Map<string, unknown> => {
    let b = data.get(type);
    if (!b) {
      b = new Map();
      data.set(type, b);
    }
    return b;
  };
  return {
    get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const b = data.get(type);
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      if (!b) return out;
      for (const id of ids) {
        const value = b.get(id);
        if (value !== undefined) out[id] = value as SignalDataTypeMap[T];
      }
      return out;
    },
    set(set: SignalDataSet) {
      for (const [type, values] of Object.entries(set)) {
        const b = bucket(type);
        for (const [id, value] of Object.entries(values ?? {})) {
          if (value === null || value === undefined) b.delete(id);
          else b.set(id, value);
        }
      }
    },
    clear() {
      data.clear();
    },
  };
}
