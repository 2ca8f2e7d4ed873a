/**
 * Minimal ambient declarations of the SST globals that infra/ and sst.config.ts use, so the
 * root `tsc -p tsconfig.json` checks them without `sst install` (which downloads the Pulumi
 * providers from npm). Shapes mirror SST 4.17.1's platform types, narrowed to what we call;
 * infra/tsconfig.sst.json checks the same files against the real types when .sst exists.
 * A script file (no imports/exports): everything here is global, like SST's own globals.
 */

declare namespace $util {
  interface Output<T> {
    apply<U>(fn: (value: T) => U | Output<U>): Output<U>;
  }
  type Input<T> = T | Promise<T> | Output<T>;
}

declare namespace sst {
  class Secret {
    constructor(name: string, placeholder?: $util.Input<string>);
    readonly name: $util.Output<string>;
    readonly value: $util.Output<string>;
  }

  class Linkable<T extends Record<string, unknown>> {
    constructor(name: string, definition: { properties: T; include?: unknown[] });
    readonly name: $util.Output<string>;
    readonly properties: T;
    /** Replaces how every instance of `cls` links (properties and included permissions). */
    static wrap<R>(
      cls: { new (...args: any[]): R },
      cb: (resource: R) => { properties: Record<string, unknown>; include?: unknown[] },
    ): void;
  }

  namespace aws {
    type DurationMinutes = `${number} ${"second" | "seconds" | "minute" | "minutes"}`;
    type DurationHours = `${number} ${"second" | "seconds" | "minute" | "minutes" | "hour" | "hours"}`;
    type Transform<T> = Partial<T> | ((args: T, opts: unknown, name: string) => undefined | void);

    interface FunctionPermissionArgs {
      effect?: "allow" | "deny";
      actions: string[];
      resources: $util.Input<$util.Input<string>[]>;
    }
    function permission(input: FunctionPermissionArgs): FunctionPermissionArgs & { type: "aws.permission" };

    interface FunctionArgs {
      handler: $util.Input<string>;
      name?: $util.Input<string>;
      runtime?: $util.Input<"nodejs20.x" | "nodejs22.x" | "nodejs24.x">;
      architecture?: $util.Input<"x86_64" | "arm64">;
      memory?: `${number} MB` | `${number} GB`;
      /**
       * `plugins`: path (from the repo root) of a module whose default export is a list of
       * esbuild plugins; `splitting`: esbuild code splitting (ESM chunks)
       */
      nodejs?: $util.Input<{ plugins?: $util.Input<string>; splitting?: $util.Input<boolean> }>;
      timeout?: $util.Input<DurationMinutes>;
      link?: $util.Input<unknown[]>;
      permissions?: $util.Input<FunctionPermissionArgs[]>;
      environment?: $util.Input<Record<string, $util.Input<string>>>;
      /** `postbuild(dir)`: runs on the built bundle before SST zips `dir` */
      hook?: { postbuild?: (dir: string) => Promise<void> };
      transform?: {
        function?: Transform<{
          runtimeManagementConfig?: $util.Input<{ updateRuntimeOn: "Auto" | "FunctionUpdate" | "Manual" }>;
        }>;
      };
    }

    interface DynamoArgs {
      fields: $util.Input<Record<string, "string" | "number" | "binary">>;
      primaryIndex: $util.Input<{ hashKey: $util.Input<string>; rangeKey?: $util.Input<string> }>;
      globalIndexes?: $util.Input<
        Record<string, $util.Input<{ hashKey: $util.Input<string>; rangeKey?: $util.Input<string> }>>
      >;
      ttl?: $util.Input<string>;
      deletionProtection?: $util.Input<boolean>;
    }
    class Dynamo {
      constructor(name: string, args: DynamoArgs);
      readonly name: $util.Output<string>;
      readonly arn: $util.Output<string>;
    }

    interface BucketArgs {
      cors?: $util.Input<boolean>;
      lifecycle?: $util.Input<
        $util.Input<{
          id?: $util.Input<string>;
          prefix?: $util.Input<string>;
          enabled?: $util.Input<boolean>;
          expiresIn?: $util.Input<`${number} ${"day" | "days"}`>;
        }>[]
      >;
    }
    class Bucket {
      constructor(name: string, args?: BucketArgs);
      readonly name: $util.Output<string>;
      readonly arn: $util.Output<string>;
    }

    interface QueueArgs {
      fifo?: $util.Input<boolean | { contentBasedDeduplication?: $util.Input<boolean> }>;
      visibilityTimeout?: $util.Input<DurationHours>;
      dlq?: $util.Input<string | { queue: $util.Input<string>; retry: $util.Input<number> }>;
      transform?: {
        queue?: Transform<{
          messageRetentionSeconds?: $util.Input<number>;
          /** FIFO high-throughput mode (aws.sqs.QueueArgs) */
          deduplicationScope?: $util.Input<"messageGroup" | "queue">;
          fifoThroughputLimit?: $util.Input<"perMessageGroupId" | "perQueue">;
        }>;
      };
    }
    interface QueueSubscriberArgs {
      batch?: $util.Input<{
        size?: $util.Input<number>;
        window?: $util.Input<DurationMinutes>;
        partialResponses?: $util.Input<boolean>;
      }>;
    }
    class Queue {
      constructor(name: string, args?: QueueArgs);
      readonly arn: $util.Output<string>;
      readonly url: $util.Output<string>;
      readonly nodes: { queue: { name: $util.Output<string>; arn: $util.Output<string> } };
      subscribe(subscriber: $util.Input<string | FunctionArgs>, args?: QueueSubscriberArgs): unknown;
    }

    class ApiGatewayV2 {
      constructor(
        name: string,
        args?: {
          cors?: $util.Input<boolean>;
          link?: FunctionArgs["link"];
          /** merged into the underlying resources; `stage` is aws.apigatewayv2.StageArgs */
          transform?: {
            stage?: {
              defaultRouteSettings?: { throttlingRateLimit?: number; throttlingBurstLimit?: number };
            };
          };
        },
      );
      readonly url: $util.Output<string>;
      route(route: string, handler: $util.Input<string | FunctionArgs>): unknown;
    }

    class ApiGatewayWebSocket {
      constructor(name: string, args?: Record<string, never>);
      readonly url: $util.Output<string>;
      readonly managementEndpoint: $util.Output<string>;
      route(route: string, handler: $util.Input<string | FunctionArgs>): unknown;
    }

    class Vpc {
      constructor(name: string, args?: { az?: $util.Input<number> });
      readonly id: $util.Output<string>;
    }

    class Cluster {
      constructor(
        name: string,
        args: { vpc: Vpc; transform?: { cluster?: Transform<{ settings?: { name: string; value: string }[] }> } },
      );
      readonly id: $util.Output<string>;
      readonly nodes: { cluster: { name: $util.Output<string>; arn: $util.Output<string> } };
    }

    interface ServiceArgs {
      cluster: Cluster;
      image?: $util.Input<string | { context?: $util.Input<string>; dockerfile?: $util.Input<string> }>;
      architecture?: $util.Input<"x86_64" | "arm64">;
      cpu?: "0.25 vCPU" | "0.5 vCPU" | "1 vCPU" | "2 vCPU" | "4 vCPU" | "8 vCPU" | "16 vCPU";
      memory?: `${number} GB`;
      link?: FunctionArgs["link"];
      permissions?: FunctionArgs["permissions"];
      environment?: FunctionArgs["environment"];
      /** container `secrets`: env name → Secrets Manager / SSM ARN (optionally `:json-key::`) */
      ssm?: $util.Input<Record<string, $util.Input<string>>>;
      health?: $util.Input<{
        command: $util.Input<string[]>;
        startPeriod?: $util.Input<DurationMinutes>;
        interval?: $util.Input<DurationMinutes>;
        timeout?: $util.Input<DurationMinutes>;
        retries?: $util.Input<number>;
      }>;
      logging?: $util.Input<{ retention?: $util.Input<"1 week" | "1 month" | "3 months" | "1 year"> }>;
      scaling?: $util.Input<{
        min?: $util.Input<number>;
        max?: $util.Input<number>;
        cpuUtilization?: $util.Input<false | number>;
        memoryUtilization?: $util.Input<false | number>;
        scaleInCooldown?: $util.Input<DurationMinutes>;
        scaleOutCooldown?: $util.Input<DurationMinutes>;
      }>;
      transform?: {
        taskDefinition?: Transform<{ containerDefinitions: $util.Input<string> }>;
        executionRole?: Transform<{ inlinePolicies?: $util.Input<{ name: string; policy: $util.Input<string> }[]> }>;
      };
    }
    class Service {
      constructor(name: string, args: ServiceArgs);
      readonly nodes: {
        service: { name: $util.Output<string> };
        autoScalingTarget: {
          resourceId: $util.Output<string>;
          scalableDimension: $util.Output<string>;
          serviceNamespace: $util.Output<string>;
        };
      };
    }

    class StaticSite {
      constructor(
        name: string,
        args?: {
          path?: $util.Input<string>;
          build?: $util.Input<{ command: $util.Input<string>; output: $util.Input<string> }>;
          environment?: $util.Input<Record<string, $util.Input<string>>>;
        },
      );
      readonly url: $util.Output<string>;
    }

    class CronV2 {
      constructor(
        name: string,
        args: {
          schedule: $util.Input<`rate(${string})` | `cron(${string})`>;
          function?: $util.Input<string | FunctionArgs>;
          retries?: $util.Input<number>;
        },
      );
    }
  }
}

declare namespace aws {
  function getPartitionOutput(args?: Record<string, never>): { partition: $util.Output<string> };
  function getRegionOutput(args?: Record<string, never>): { region: $util.Output<string> };
  function getCallerIdentityOutput(args?: Record<string, never>): { accountId: $util.Output<string> };

  // Pulumi AWS resources used directly, with the args we pass (names as in @pulumi/aws 7).
  namespace secretsmanager {
    class Secret {
      constructor(name: string, args: { description?: string; recoveryWindowInDays?: number });
      readonly id: $util.Output<string>;
      readonly arn: $util.Output<string>;
    }
    class SecretVersion {
      constructor(name: string, args: { secretId: $util.Input<string>; secretString: $util.Input<string> });
    }
  }
  namespace sns {
    class Topic {
      constructor(name: string, args: Record<string, never>);
      readonly arn: $util.Output<string>;
    }
    class TopicSubscription {
      constructor(name: string, args: { topic: $util.Input<string>; protocol: "email"; endpoint: $util.Input<string> });
    }
  }
  namespace appautoscaling {
    class Policy {
      constructor(name: string, args: Record<string, unknown>);
      readonly arn: $util.Output<string>;
    }
  }
  namespace cloudwatch {
    class MetricAlarm {
      constructor(name: string, args: Record<string, unknown>);
      readonly arn: $util.Output<string>;
    }
    class Dashboard {
      constructor(name: string, args: { dashboardName: $util.Input<string>; dashboardBody: $util.Input<string> });
    }
  }
}

declare function $resolve<T extends readonly unknown[]>(values: T): $util.Output<unknown[]>;

declare const $app: Readonly<{ name: string; stage: string; removal: "remove" | "retain" | "retain-all" }>;

declare function $interpolate(strings: TemplateStringsArray, ...values: unknown[]): $util.Output<string>;

declare function $output<T>(value: $util.Input<T>): $util.Output<T>;

declare function $config<
  T extends {
    // SST accepts an async app() (how it imports anything: top-level imports are refused)
    app(input: { stage: string }): Promise<{
      name: string;
      home: "aws" | "cloudflare" | "local";
      removal?: "remove" | "retain" | "retain-all";
      protect?: boolean;
    }>;
    run(): Promise<Record<string, unknown> | void>;
  },
>(input: T): T;
