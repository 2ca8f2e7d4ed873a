/**
 * Stand-ins for the SST globals (`sst`, `$app`, `$config`, `$interpolate`, `$output`, `aws`)
 * that record every component created, with its name and args, so the graph test can
 * run sst.config.ts's run() without Pulumi, AWS or a network.
 */

/** A resolved stand-in for a Pulumi Output: holds its value, supports apply(). */
export class FakeOutput<T> {
  constructor(readonly value: T) {}
  apply<U>(fn: (value: T) => U | FakeOutput<U>): FakeOutput<U> {
    const next = fn(this.value);
    return next instanceof FakeOutput ? next : new FakeOutput(next);
  }
  toString(): string {
    return String(this.value);
  }
}

export interface Recorded {
  type: string;
  name: string;
  // Component args as the infra code passed them; shapes are checked by the test itself.
  args: any;
  instance: object;
  /** method calls on the component: route(), subscribe() */
  calls: { method: string; args: any[] }[];
}

export interface SstStubs {
  resources: Recorded[];
  setStage(stage: string): void;
  install(): void;
}

export function createSstStubs(appName = "wharf"): SstStubs {
  const resources: Recorded[] = [];
  let stage = "dev";

  function recordOf(instance: object): Recorded {
    const found = resources.find((r) => r.instance === instance);
    if (!found) throw new Error("component was not constructed through the stubs");
    return found;
  }

  function component(type: string, outputs: (name: string) => Record<string, unknown> = () => ({})) {
    return class {
      constructor(name: string, args?: unknown) {
        Object.assign(this, outputs(name));
        resources.push({ type, name, args, instance: this, calls: [] });
      }
      route(...args: unknown[]) {
        recordOf(this).calls.push({ method: "route", args });
      }
      subscribe(...args: unknown[]) {
        recordOf(this).calls.push({ method: "subscribe", args });
      }
    };
  }

  const out = (value: string) => new FakeOutput(value);

  class Linkable {
    readonly properties: unknown;
    constructor(name: string, definition: { properties: unknown }) {
      this.properties = definition.properties;
      resources.push({ type: "sst.Linkable", name, args: definition, instance: this, calls: [] });
    }
  }

  const sst = {
    Secret: component("sst.Secret", (name) => ({ value: out(`<${name}.value>`) })),
    Linkable,
    aws: {
      permission: (input: object) => ({ type: "aws.permission", ...input }),
      Dynamo: component("sst.aws.Dynamo", (name) => ({ name: out(`<${name}.name>`), arn: out(`<${name}.arn>`) })),
      Queue: component("sst.aws.Queue", (name) => ({ url: out(`<${name}.url>`), arn: out(`<${name}.arn>`) })),
      ApiGatewayV2: component("sst.aws.ApiGatewayV2", (name) => ({ url: out(`https://${name}.example`) })),
      ApiGatewayWebSocket: component("sst.aws.ApiGatewayWebSocket", (name) => ({
        url: out(`wss://${name}.example`),
        managementEndpoint: out(`https://${name}.example/mgmt`),
      })),
      Vpc: component("sst.aws.Vpc", (name) => ({ id: out(`<${name}.id>`) })),
      Cluster: component("sst.aws.Cluster", (name) => ({ id: out(`<${name}.id>`) })),
      Service: component("sst.aws.Service"),
      StaticSite: component("sst.aws.StaticSite", (name) => ({ url: out(`https://${name}.example`) })),
      CronV2: component("sst.aws.CronV2"),
    },
  };

  const aws = {
    getPartitionOutput: () => ({ partition: out("aws") }),
    getRegionOutput: () => ({ region: out("eu-west-1") }),
    getCallerIdentityOutput: () => ({ accountId: out("123456789012") }),
  };

  const $interpolate = (strings: TemplateStringsArray, ...values: unknown[]) =>
    out(strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ""), ""));

  const $output = (value: unknown) => (value instanceof FakeOutput ? value : new FakeOutput(value));

  return {
    resources,
    setStage(next) {
      stage = next;
      resources.length = 0;
    },
    install() {
      Object.assign(globalThis, {
        sst,
        aws,
        $interpolate,
        $output,
        $config: <T>(config: T) => config,
      });
      Object.defineProperty(globalThis, "$app", {
        configurable: true,
        get: () => ({ name: appName, stage, removal: stage === "production" ? "retain" : "remove" }),
      });
    },
  };
}
