import { ValidationError } from "@wharf/core";
import { describe, expect, it } from "vitest";
import { createUrlGuard } from "./url-guard";

const resolveTo = (addresses: string[]) => async () => addresses;

describe("webhook URL guard", () => {
  it("allows a host whose every address is public", async () => {
    await expect(
      createUrlGuard({ allowPrivateTargets: false, resolve: resolveTo(["93.184.216.34", "2606:2800:220:1::1"]) }).check(
        "https://hooks.example.com/x",
        "url",
      ),
    ).resolves.toBeUndefined();
  });

  it("refuses a host with any private address (DNS pointing inside)", async () => {
    const err = await createUrlGuard({ allowPrivateTargets: false, resolve: resolveTo(["93.184.216.34", "10.0.0.7"]) })
      .check("https://rebind.example.com/x", "body.url")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).details?.[0]).toMatchObject({ path: "body.url", code: "private_address" });
  });

  it("refuses hosts that do not resolve", async () => {
    const guard = createUrlGuard({
      allowPrivateTargets: false,
      resolve: async () => Promise.reject(new Error("ENOTFOUND")),
    });
    await expect(guard.check("https://nowhere.invalid/", "url")).rejects.toBeInstanceOf(ValidationError);
  });

  it("allows loopback only in local mode, and never other schemes or credentials", async () => {
    await expect(
      createUrlGuard({ allowPrivateTargets: true }).check("http://127.0.0.1:9000/x", "url"),
    ).resolves.toBeUndefined();
    await expect(
      createUrlGuard({ allowPrivateTargets: false }).check("http://127.0.0.1:9000/x", "url"),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      createUrlGuard({ allowPrivateTargets: true }).check("file:///etc/passwd", "url"),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      createUrlGuard({ allowPrivateTargets: true }).check("http://a:b@127.0.0.1/", "url"),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it.each([
    "http://[::ffff:0:127.0.0.1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[2002:7f00:1::]/",
    "http://[2002:a9fe:a9fe::]/",
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
    "http://[fec0::1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://0x7f.1/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://127.0.0.1./",
    "http://169.254.169.254./latest/meta-data",
  ])("refuses the address form %s outside local mode", async (url) => {
    const err = await createUrlGuard({ allowPrivateTargets: false, resolve: resolveTo(["93.184.216.34"]) })
      .check(url, "url")
      .catch((e: unknown) => e);
    expect((err as ValidationError).details?.[0]).toMatchObject({ code: "private_address" });
  });
});
