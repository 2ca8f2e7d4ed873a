import { buildApp } from "fauxqs";

export interface SqsEmulatorOptions {
  /** default: a free port */
  port?: number;
  region?: string;
}

export interface SqsEmulator {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * fauxqs (SQS JSON protocol, FIFO, DLQ redrive, long polling) in this process, listening on
 * loopback only (fauxqs' own `startFauxqs` binds every interface). State lives in memory:
 * queues are recreated on every start. Queue URLs are built from the request's Host, so they
 * point back at `endpoint`.
 */
export async function startSqsEmulator(opts: SqsEmulatorOptions = {}): Promise<SqsEmulator> {
  const app = buildApp({ logger: false, defaultRegion: opts.region ?? "us-east-1" });
  const address = await app.listen({ port: opts.port ?? 0, host: "127.0.0.1" });
  const port = Number(new URL(address).port);
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      stopping ??= Promise.resolve(app.close()).then(() => undefined);
      await stopping;
    },
  };
}
