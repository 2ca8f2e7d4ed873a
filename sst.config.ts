/**
 * SST v4 app (sst.aws.* components; see infra/README.md). Infra files are imported inside
 * run() only: SST evaluates app() first, and the `sst`/`$app` globals exist only in run().
 */
export default $config({
  app(input) {
    return {
      name: "wharf",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: ["production"].includes(input?.stage),
    };
  },
  async run() {
    const { createInfra } = await import("./infra/index");
    return createInfra();
  },
});
