import type { AppDeps } from "@wharf/control";
import type { ApiKeyStore, Clock, TenantStore } from "@wharf/core";
import { createFileStateStore, createSimulator } from "@wharf/wa-sim";
import type { Logger } from "pino";
import { registerDemoRoutes } from "./demo-routes";
import { registerDemoContactRoutes } from "./demo-contact-routes";
import { registerDemoGroupRoutes } from "./demo-group-routes";
import { createPhoneOwners, MAX_DEMO_PHONES_PER_TENANT } from "./phone-owners";
import { phoneOwnersPath, readPhoneOwners, simStatePath, writeJsonAtomically } from "./sim-files";
import { loadOrCreateDemoTenant, type DemoTenant } from "./demo-tenant";

/** Where fleet workers find the simulator (Baileys' waWebSocketUrl) and which root to trust. */
export interface SimInfo {
  /** `ws://127.0.0.1:PORT/ws/chat` */
  url: string;
  /** `http://127.0.0.1:PORT/admin` (no auth, loopback only) */
  adminUrl: string;
  /** the simulator's certificate root: workers must trust it instead of WhatsApp's */
  rootPublicKeyHex: string;
  /** the CA of the simulator's HTTPS media host (PEM): workers trust it for media uploads and downloads */
  mediaCaPem: string;
}

export interface SimMode {
  sim: SimInfo;
  demo: DemoTenant;
  /** the `/v1/demo` routes, for AppDeps.extraRoutes */
  extraRoutes: NonNullable<AppDeps["extraRoutes"]>;
  stop(): Promise<void>;
}

export interface SimModeOptions {
  dataDir: string;
  /**
   * true: the simulator's phones, linked devices and Signal state are kept in the data dir
   * (`wa-sim/`) and come back on the next start; false: they live in memory only
   */
  persistent: boolean;
  tenants: TenantStore;
  apiKeys: ApiKeyStore;
  clock: Clock;
  logger: Logger;
}

/**
 * `npm start -- --sim`: the WhatsApp simulator in this process on a free loopback port, one
 * virtual phone to start with, the demo tenant and its key, and the `/v1/demo` routes. With
 * `persistent`, the simulator's state and the phones' owners are kept in the data dir, so
 * sessions linked in the demo log in again after a restart (the port changes; workers are
 * told the new one).
 */
export async function startSimMode(opts: SimModeOptions): Promise<SimMode> {
  const logger = opts.logger.child({ component: "wa-sim" });
  const simulator = await createSimulator({
    port: 0,
    host: "127.0.0.1",
    logger,
    ...(opts.persistent ? { stateStore: createFileStateStore(simStatePath(opts.dataDir), logger) } : {}),
  });
  try {
    const demo = await loadOrCreateDemoTenant(opts);
    const ownersFile = phoneOwnersPath(opts.dataDir);
    const known = new Set(simulator.listAccounts().map((a) => a.id));
    const owners = createPhoneOwners(
      MAX_DEMO_PHONES_PER_TENANT,
      opts.persistent
        ? {
            initial: readPhoneOwners(ownersFile, (id) => known.has(id)),
            onChange: (all) => writeJsonAtomically(ownersFile, all),
          }
        : {},
    );
    if (owners.phonesOf(demo.tenantId).length === 0)
      owners.assign(demo.tenantId, simulator.createAccount({ name: "Virtual phone 1" }).id);
    logger.info({ tenantId: demo.tenantId, created: demo.created, url: simulator.url }, "sim mode ready");
    return {
      sim: {
        url: simulator.url,
        adminUrl: simulator.adminUrl,
        rootPublicKeyHex: simulator.rootPublicKey.toString("hex"),
        mediaCaPem: simulator.chat.mediaCaPem,
      },
      demo,
      extraRoutes: (app, kit) => {
        registerDemoRoutes(app, kit, simulator, owners);
        registerDemoContactRoutes(app, kit, simulator, owners);
        registerDemoGroupRoutes(app, kit, simulator, owners);
      },
      stop: () => simulator.close(),
    };
  } catch (err) {
    await simulator.close().catch(() => undefined);
    throw err;
  }
}
