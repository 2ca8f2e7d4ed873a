import { generateApiKeySecret, hashApiKey } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";
import { envFromSstResource, loadConfigFromSst } from "./config-sst";

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error("config was accepted");
}

describe("loadConfig", () => {
  it("runs locally with no variables at all", () => {
    expect(loadConfig({})).toEqual({
      stage: "local",
      region: "us-east-1",
      tableName: "wharf-local",
      queues: {
        placementUrl: null,
        eventsUrl: null,
        webhooksUrl: null,
        eventsDlqUrl: null,
        webhooksDlqUrl: null,
        placementDlqUrl: null,
        inboxDlqUrl: null,
        inboxDlq: null,
      },
      endpoints: { dynamodb: null, sqs: null },
      adminKeyHash: null,
      authStateKey: null,
      tokenKey: null,
      logLevel: "info",
      metrics: "off",
      ecsAgentUri: null,
      auditRetentionDays: 90,
    });
  });

  it("reads the audit retention and refuses one that is not a positive number of days", () => {
    expect(loadConfig({ WHARF_AUDIT_RETENTION_DAYS: "30" }).auditRetentionDays).toBe(30);
    expect(() => loadConfig({ WHARF_AUDIT_RETENTION_DAYS: "0" })).toThrow(/WHARF_AUDIT_RETENTION_DAYS/);
  });

  it("reads the deployed fleet's inbox DLQ, metrics mode and ECS agent endpoint", () => {
    const arn = "arn:aws:sqs:eu-west-1:123456789012:wharf-production-InboxesDlqQueue-abc.fifo";
    const config = loadConfig({
      WHARF_INBOX_DLQ_ARN: arn,
      WHARF_INBOX_MAX_RECEIVES: "7",
      WHARF_METRICS: "emf",
      ECS_AGENT_URI: "http://169.254.170.2/api/abc-123",
    });
    expect(config.queues.inboxDlq).toEqual({ arn, maxReceiveCount: 7 });
    expect(config.metrics).toBe("emf");
    expect(config.ecsAgentUri).toBe("http://169.254.170.2/api/abc-123");
    expect(loadConfig({ WHARF_INBOX_DLQ_ARN: arn }).queues.inboxDlq).toEqual({ arn, maxReceiveCount: 5 });
    expect(() => loadConfig({ WHARF_INBOX_DLQ_ARN: "arn:aws:sqs:eu-west-1:123456789012:standard" })).toThrow(/FIFO/);
  });

  it("reads every variable", () => {
    const adminKey = generateApiKeySecret();
    const authKey = Buffer.alloc(32, 7).toString("base64");
    const config = loadConfig({
      WHARF_STAGE: "prod",
      AWS_REGION: "eu-west-1",
      WHARF_TABLE_NAME: "wharf-prod-Table",
      WHARF_PLACEMENT_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/1/placement",
      WHARF_EVENTS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/1/events.fifo",
      WHARF_WEBHOOKS_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/1/webhooks",
      WHARF_EVENTS_DLQ_URL: "https://sqs.eu-west-1.amazonaws.com/1/events-dlq.fifo",
      WHARF_WEBHOOKS_DLQ_URL: "https://sqs.eu-west-1.amazonaws.com/1/webhooks-dlq",
      WHARF_PLACEMENT_DLQ_URL: "https://sqs.eu-west-1.amazonaws.com/1/placement-dlq",
      WHARF_INBOX_DLQ_URL: "https://sqs.eu-west-1.amazonaws.com/1/inboxes-dlq.fifo",
      AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:8000",
      AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:4566",
      WHARF_ADMIN_KEY: adminKey,
      WHARF_AUTH_STATE_KEY: authKey,
      WHARF_TOKEN_KEY: "t".repeat(32),
      LOG_LEVEL: "debug",
    });
    expect(config).toMatchObject({
      stage: "prod",
      region: "eu-west-1",
      tableName: "wharf-prod-Table",
      queues: {
        eventsUrl: "https://sqs.eu-west-1.amazonaws.com/1/events.fifo",
        eventsDlqUrl: "https://sqs.eu-west-1.amazonaws.com/1/events-dlq.fifo",
        webhooksDlqUrl: "https://sqs.eu-west-1.amazonaws.com/1/webhooks-dlq",
        placementDlqUrl: "https://sqs.eu-west-1.amazonaws.com/1/placement-dlq",
        inboxDlqUrl: "https://sqs.eu-west-1.amazonaws.com/1/inboxes-dlq.fifo",
      },
      endpoints: { dynamodb: "http://127.0.0.1:8000", sqs: "http://127.0.0.1:4566" },
      adminKeyHash: hashApiKey(adminKey),
      tokenKey: "t".repeat(32),
      logLevel: "debug",
    });
    expect(config.authStateKey?.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it("treats blank variables as unset", () => {
    expect(loadConfig({ WHARF_STAGE: "", LOG_LEVEL: "  ", AWS_ENDPOINT_URL_SQS: "" }).stage).toBe("local");
  });

  it("names every bad variable at once", () => {
    const issues = issuesOf(() =>
      loadConfig({
        WHARF_STAGE: "Prod!",
        AWS_REGION: "mars",
        AWS_ENDPOINT_URL_SQS: "not a url",
        WHARF_ADMIN_KEY: "hunter2",
        WHARF_ADMIN_KEY_HASH: "abc",
        WHARF_AUTH_STATE_KEY: Buffer.alloc(16).toString("base64"),
        WHARF_TOKEN_KEY: "short",
        LOG_LEVEL: "loud",
      }),
    );
    for (const name of [
      "WHARF_STAGE",
      "AWS_REGION",
      "AWS_ENDPOINT_URL_SQS",
      "WHARF_ADMIN_KEY:",
      "WHARF_ADMIN_KEY_HASH",
      "WHARF_AUTH_STATE_KEY",
      "WHARF_TOKEN_KEY",
      "LOG_LEVEL",
    ]) {
      expect(issues.some((i) => i.startsWith(name))).toBe(true);
    }
  });

  it("requires a table name outside the local stage", () => {
    expect(issuesOf(() => loadConfig({ WHARF_STAGE: "dev" }))).toEqual([expect.stringContaining("WHARF_TABLE_NAME")]);
  });

  it("refuses an admin key and hash that disagree", () => {
    const issues = issuesOf(() =>
      loadConfig({ WHARF_ADMIN_KEY: generateApiKeySecret(), WHARF_ADMIN_KEY_HASH: hashApiKey(generateApiKeySecret()) }),
    );
    expect(issues).toEqual([expect.stringContaining("does not match")]);
  });

  it("accepts the admin key as a hash only", () => {
    const hash = hashApiKey(generateApiKeySecret());
    expect(loadConfig({ WHARF_ADMIN_KEY_HASH: hash }).adminKeyHash).toBe(hash);
  });

  it("enforces what the entry point requires", () => {
    const issues = issuesOf(() => loadConfig({}, { require: ["adminKeyHash", "eventsQueueUrl"] }));
    expect(issues).toEqual([
      expect.stringContaining("WHARF_ADMIN_KEY"),
      expect.stringContaining("WHARF_EVENTS_QUEUE_URL"),
    ]);
  });
});

describe("config from SST linked resources", () => {
  it("maps links onto the same variables, links winning over env", () => {
    const adminKey = generateApiKeySecret();
    const env = envFromSstResource(
      {
        App: { name: "wharf", stage: "dev" },
        Table: { name: "dev-Table" },
        Events: { url: "https://sqs.us-east-1.amazonaws.com/1/events.fifo" },
        AdminKey: { value: adminKey },
      },
      { WHARF_TABLE_NAME: "ignored", LOG_LEVEL: "warn" },
    );
    expect(env).toMatchObject({
      WHARF_STAGE: "dev",
      WHARF_TABLE_NAME: "dev-Table",
      WHARF_ADMIN_KEY: adminKey,
      LOG_LEVEL: "warn",
    });
    const config = loadConfigFromSst(
      { App: { name: "wharf", stage: "dev" }, Table: { name: "dev-Table" }, AdminKey: { value: adminKey } },
      {},
      {
        require: ["adminKeyHash"],
      },
    );
    expect(config.adminKeyHash).toBe(hashApiKey(adminKey));
    expect(config.tableName).toBe("dev-Table");
  });

  it("maps the DLQ links onto their URLs, which stay optional", () => {
    const config = loadConfigFromSst(
      {
        Table: { name: "dev-Table" },
        EventsDlq: { url: "https://sqs.us-east-1.amazonaws.com/1/events-dlq.fifo" },
        WebhooksDlq: { url: "https://sqs.us-east-1.amazonaws.com/1/webhooks-dlq" },
      },
      {},
    );
    expect(config.queues.eventsDlqUrl).toBe("https://sqs.us-east-1.amazonaws.com/1/events-dlq.fifo");
    expect(config.queues.webhooksDlqUrl).toBe("https://sqs.us-east-1.amazonaws.com/1/webhooks-dlq");
    expect(loadConfigFromSst({}, {}).queues).toMatchObject({ eventsDlqUrl: null, webhooksDlqUrl: null });
  });
});
