import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simulatorMediaCaPem } from "@wharf/wa-sim";
import { ConfigError } from "@wharf/aws";
import { describe, expect, it } from "vitest";
import { FLEET_DEFAULTS, loadFleetConfig } from "./config";

const base = {
  WHARF_AUTH_STATE_KEY: randomBytes(32).toString("base64"),
  WHARF_PLACEMENT_QUEUE_URL: "http://127.0.0.1:1/000000000000/p",
  WHARF_EVENTS_QUEUE_URL: "http://127.0.0.1:1/000000000000/e.fifo",
};

describe("fleet config", () => {
  it("reads the media bucket, its S3 endpoint, the media host's CA file and the URL policy", () => {
    const dir = mkdtempSync(join(tmpdir(), "wharf-media-ca-"));
    const caFile = join(dir, "ca.pem");
    writeFileSync(caFile, simulatorMediaCaPem());
    const c = loadFleetConfig({
      ...base,
      WHARF_MEDIA_BUCKET: "wharf-media",
      AWS_ENDPOINT_URL_S3: "http://127.0.0.1:4566",
      WHARF_WA_MEDIA_CA_FILE: caFile,
      WHARF_MEDIA_ALLOW_PRIVATE_URLS: "true",
    });
    expect(c.fleet.media).toMatchObject({
      bucket: "wharf-media",
      s3Endpoint: "http://127.0.0.1:4566",
      caPem: simulatorMediaCaPem(),
      allowPrivateUrls: true,
    });
    expect(loadFleetConfig(base).fleet.media).toMatchObject({ bucket: null, caPem: null, allowPrivateUrls: false });
    expect(
      loadFleetConfig({ ...base, SST_RESOURCE_MediaBucket: JSON.stringify({ name: "wharf-dev-media" }) }).fleet.media
        .bucket,
    ).toBe("wharf-dev-media");
    expect(() => loadFleetConfig({ ...base, WHARF_WA_MEDIA_CA_FILE: join(dir, "missing.pem") })).toThrow(
      /WHARF_WA_MEDIA_CA_FILE: cannot be read/,
    );
    writeFileSync(join(dir, "junk.pem"), "not a certificate");
    expect(() => loadFleetConfig({ ...base, WHARF_WA_MEDIA_CA_FILE: join(dir, "junk.pem") })).toThrow(/not a PEM/);
  });

  it("applies the DESIGN defaults", () => {
    const c = loadFleetConfig(base);
    expect(c.fleet).toMatchObject({
      leaseTtlMs: 30_000,
      leaseRenewMs: 10_000,
      workerTtlMs: 30_000,
      capacity: FLEET_DEFAULTS.capacity,
      inboxQueuePrefix: "wharf-local-inbox-",
    });
    expect(c.fleet.wa).toEqual({
      websocketUrl: null,
      trustRootKeyHex: null,
      version: null,
      syncRecentHistory: false,
      logLevel: "error",
    });
  });

  it("reads timings, the WhatsApp endpoint and version, and previous keys", () => {
    const old = randomBytes(32).toString("base64");
    const c = loadFleetConfig({
      ...base,
      WHARF_LEASE_TTL_MS: "4000",
      WHARF_LEASE_RENEW_MS: "1000",
      WHARF_WA_WEBSOCKET_URL: "ws://127.0.0.1:9/ws/chat",
      WHARF_WA_VERSION: "2.3000.1",
      WHARF_AUTH_STATE_PREVIOUS_KEYS: old,
    });
    expect(c.fleet).toMatchObject({
      leaseTtlMs: 4000,
      leaseRenewMs: 1000,
      wa: { websocketUrl: "ws://127.0.0.1:9/ws/chat", version: [2, 3000, 1] },
    });
    expect(c.previousAuthStateKeys[0]?.equals(Buffer.from(old, "base64"))).toBe(true);
  });

  it("takes queues, table, key and the inbox prefix from SST links", () => {
    const c = loadFleetConfig({
      SST_RESOURCE_App: JSON.stringify({ name: "wharf", stage: "prod" }),
      SST_RESOURCE_Table: JSON.stringify({ name: "wharf-prod-table" }),
      SST_RESOURCE_Placement: JSON.stringify({ url: base.WHARF_PLACEMENT_QUEUE_URL }),
      SST_RESOURCE_Events: JSON.stringify({ url: base.WHARF_EVENTS_QUEUE_URL }),
      SST_RESOURCE_AuthStateKey: JSON.stringify({ value: base.WHARF_AUTH_STATE_KEY }),
      SST_RESOURCE_Inboxes: JSON.stringify({ queuePrefix: "wharf-prod-inbox-" }),
    });
    expect(c.base).toMatchObject({ stage: "prod", tableName: "wharf-prod-table" });
    expect(c.fleet.inboxQueuePrefix).toBe("wharf-prod-inbox-");
  });

  it.each([
    [
      "a renewal slower than half the TTL",
      { WHARF_LEASE_TTL_MS: "4000", WHARF_LEASE_RENEW_MS: "3000" },
      /WHARF_LEASE_RENEW_MS/,
    ],
    ["a non-WebSocket endpoint", { WHARF_WA_WEBSOCKET_URL: "http://x" }, /WHARF_WA_WEBSOCKET_URL/],
    ["a bad previous key", { WHARF_AUTH_STATE_PREVIOUS_KEYS: "short" }, /WHARF_AUTH_STATE_PREVIOUS_KEYS\[0\]/],
    ["a capacity of zero", { WHARF_FLEET_CAPACITY: "0" }, /WHARF_FLEET_CAPACITY/],
  ])("refuses %s", (_name, env, message) => {
    expect(() => loadFleetConfig({ ...base, ...env })).toThrow(message);
  });

  it("requires the auth-state key and both queues", () => {
    const err = (() => {
      try {
        loadFleetConfig({});
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues.join("\n")).toMatch(
      /WHARF_AUTH_STATE_KEY[\s\S]*WHARF_PLACEMENT_QUEUE_URL[\s\S]*WHARF_EVENTS_QUEUE_URL/,
    );
  });

  it("reads a stand-in's trust root and refuses one that is not a 32-byte key", () => {
    const root = randomBytes(32).toString("hex");
    const c = loadFleetConfig({
      ...base,
      WHARF_WA_WEBSOCKET_URL: "wss://wa.example.test/ws/chat",
      WHARF_WA_SIM_ROOT_KEY: root.toUpperCase(),
    });
    expect(c.fleet.wa).toMatchObject({ websocketUrl: "wss://wa.example.test/ws/chat", trustRootKeyHex: root });
    expect(() => loadFleetConfig({ ...base, WHARF_WA_SIM_ROOT_KEY: "abc" })).toThrow(/WHARF_WA_SIM_ROOT_KEY/);
  });
});
