import { describe, expect, it } from "vitest";
import { ConfigError } from "./config";
import { loadDataPathSettings } from "./data-path-config";

describe("data-path settings: the media bucket", () => {
  it("comes from the SST link first, else WHARF_MEDIA_BUCKET, else is absent", () => {
    expect(loadDataPathSettings({}).mediaBucket).toBeNull();
    expect(loadDataPathSettings({ WHARF_MEDIA_BUCKET: "wharf-media" }).mediaBucket).toBe("wharf-media");
    expect(loadDataPathSettings({ WHARF_MEDIA_BUCKET: "env-one" }, undefined, { name: "linked-one" }).mediaBucket).toBe(
      "linked-one",
    );
    expect(loadDataPathSettings({ AWS_ENDPOINT_URL_S3: "http://127.0.0.1:4566" }).s3Endpoint).toBe(
      "http://127.0.0.1:4566",
    );
  });

  it("refuses a name S3 would refuse", () => {
    expect(() => loadDataPathSettings({ WHARF_MEDIA_BUCKET: "Bad_Bucket" })).toThrow(ConfigError);
    expect(() => loadDataPathSettings({ AWS_ENDPOINT_URL_S3: "not a url" })).toThrow(ConfigError);
  });
});
