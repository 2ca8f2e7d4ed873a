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
  /** sst.Linkable.wrap calls: the class and the link definition it now produces */
  wraps: { cls: unknown; cb: (resource: any) => { properties: Record<string, unknown>; include?: unknown[] } }[];
  setStage(stage: string): void;
  install(): void;
}

export function createSstStubs(appName = "wharf"): SstStubs {
  const resources: Recorded[] = [];
  const wraps: SstStubs["wraps"] = [];
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
    static wrap(cls: unknown, cb: SstStubs["wraps"][number]["cb"]) {
      wraps.push({ cls, cb });
    }
  }

  /** Pulumi AWS resources (aws.<module>.<Class>) recorded like components, by Proxy. */
  const awsModule = (module: string) =>
    new Proxy({} as Record<string, unknown>, {
      get: (cache, className: string) =>
        (cache[className] ??= component(`aws.${module}.${className}`, (name) => ({
          arn: out(`<${name}.arn>`),
          id: out(`<${name}.id>`),
        }))),
    });

  const sst = {
    Secret: component("sst.Secret", (name) => ({ value: out(`<${name}.value>`) })),
    Linkable,
    aws: {
      permission: (input: object) => ({ type: "aws.permission", ...input }),
      Dynamo: component("sst.aws.Dynamo", (name) => ({ name: out(`<${name}.name>`), arn: out(`<${name}.arn>`) })),
      Bucket: component("sst.aws.Bucket", (name) => ({ name: out(`<${name}.name>`), arn: out(`<${name}.arn>`) })),
      Queue: component("sst.aws.Queue", (name) => ({
        url: out(`<${name}.url>`),
        arn: out(`<${name}.arn>`),
        nodes: { queue: { name: out(`<${name}.queueName>`), arn: out(`<${name}.arn>`) } },
      })),
      ApiGatewayV2: component("sst.aws.ApiGatewayV2", (name) => ({ url: out(`https://${name}.example`) })),
      ApiGatewayWebSocket: component("sst.aws.ApiGatewayWebSocket", (name) => ({
        url: out(`wss://${name}.example`),
        managementEndpoint: out(`https://${name}.example/mgmt`),
      })),
      Vpc: component("sst.aws.Vpc", (name) => ({ id: out(`<${name}.id>`) })),
      Cluster: component("sst.aws.Cluster", (name) => ({
        id: out(`<${name}.id>`),
        nodes: { cluster: { name: out(`<${name}.clusterName>`), arn: out(`<${name}.arn>`) } },
      })),
      Service: component("sst.aws.Service", (name) => ({
        nodes: {
          service: { name: out(`<${name}.serviceName>`) },
          autoScalingTarget: {
            resourceId: out(`service/<Cluster>/<${name}>`),
            scalableDimension: out("ecs:service:DesiredCount"),
            serviceNamespace: out("ecs"),
          },
        },
      })),
      StaticSite: component("sst.aws.StaticSite", (name) => ({ url: out(`https://${name}.example`) })),
      CronV2: component("sst.aws.CronV2"),
    },
  };

  const aws = {
    secretsmanager: awsModule("secretsmanager"),
    sns: awsModule("sns"),
    appautoscaling: awsModule("appautoscaling"),
    cloudwatch: awsModule("cloudwatch"),
    getPartitionOutput: () => ({ partition: out("aws") }),
    getRegionOutput: () => ({ region: out("eu-west-1") }),
    getCallerIdentityOutput: () => ({ accountId: out("123456789012") }),
  };

  const $interpolate = (strings: TemplateStringsArray, ...values: unknown[]) =>
    out(strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ""), ""));

  const $output = (value: unknown) => (value instanceof FakeOutput ? value : new FakeOutput(value));
  const unwrap = (value: unknown) => (value instanceof FakeOutput ? value.value : value);
  const $resolve = (values: unknown[]) => new FakeOutput(values.map(unwrap));

  return {
    resources,
    wraps,
    setStage(next) {
      stage = next;
      resources.length = 0;
      wraps.length = 0;
    },
    install() {
      Object.assign(globalThis, {
        sst,
        aws,
        $interpolate,
        $output,
        $resolve,
        $config: <T>(config: T) => config,
      });
      Object.defineProperty(globalThis, "$app", {
        configurable: true,
        get: () => ({ name: appName, stage, removal: stage === "production" ? "retain" : "remove" }),
      });
    },
  };
}
