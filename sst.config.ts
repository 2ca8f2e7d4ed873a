/**
 * SST v4 app (sst.aws.* components; see infra/README.md). Component files are imported
 * inside run() only: the `sst`/`$app` globals exist only there. infra/stage.ts uses no
 * globals, so app() reads the per-stage table (protection, removal) from it directly.
 */
import { stageProfile } from "./infra/stage";

/**
 * The Pulumi AWS provider SST 4.17.1 ships with, pinned so a deploy never picks up a newer
 * provider (and its resource diffs) by surprise. Bump together with `sst` in the catalog.
 */
const AWS_PROVIDER_VERSION = "7.20.0";

export default $config({
  app(input) {
    const profile = stageProfile(input?.stage ?? "");
    return {
      name: "wharf",
      home: "aws",
      removal: profile.removal,
      protect: profile.protect,
      providers: { aws: { version: AWS_PROVIDER_VERSION } },
    };
  },
  async run() {
    const { createInfra } = await import("./infra/index");
    return createInfra();
  },
});
