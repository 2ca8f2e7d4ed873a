import type { SignalDataSet, SignalDataTypeMap, SignalKeyStore } from "@whiskeysockets/baileys";

/** Every key the store holds, by type then id: what a simulator snapshot saves. */
export type KeyStoreDump = Record<string, Record<string, unknown>>;

export interface MemoryKeyStore extends SignalKeyStore {
  /** a copy of the contents (values shared, not cloned: the store replaces values, never mutates them) */
  dump(): KeyStoreDump;
}

/**
 * A plain in-memory Signal key store (the shape Baileys expects from any auth-state store). Used
 * by the simulator's parties and by test clients; never by production code. `initial` restores a
 * dump; `onChange` hears every write (the simulator saves its state after changes).
 */
export function createMemoryKeyStore(initial?: KeyStoreDump, onChange?: () => void): MemoryKeyStore {
  const data = new Map<string, Map<string, unknown>>();
  for (const [type, values] of Object.entries(initial ?? {})) data.set(type, new Map(Object.entries(values)));
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
      onChange?.();
    },
    clear() {
      data.clear();
      onChange?.();
    },
    dump() {
      const out: KeyStoreDump = {};
      for (const [type, b] of data) if (b.size > 0) out[type] = Object.fromEntries(b);
      return out;
    },
  };
}
