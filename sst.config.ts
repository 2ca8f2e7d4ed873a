/**
 * SST v4 app (sst.aws.* components; see infra/README.md). SST refuses top-level imports
 * here, so both functions import what they use: component files inside run() (the
 * `sst`/`$app` globals exist only there), the per-stage table (infra/stage.ts) inside app().
 */

/**
 * The Pulumi AWS provider SST 4.17.1 ships with, pinned so a deploy never picks up a newer
 * provider (and its resource diffs) by surprise. Bump together with `sst` in the catalog.
 */
const AWS_PROVIDER_VERSION = "7.20.0";

export default $config({
  async app(input) {
    const { stageProfile } = await import("./infra/stage");
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
