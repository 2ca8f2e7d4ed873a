/**
 * A port with some methods replaced and every other one passed through to the original
 * (bound), so the wrapper keeps working when the port grows new methods.
 */
export function overridePort<T extends object>(port: T, overrides: Partial<T>): T {
  return new Proxy(port, {
    get(target, prop, receiver) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof T];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
