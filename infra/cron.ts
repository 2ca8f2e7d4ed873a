/**
 * The janitor (DESIGN §1, §4): every minute, re-place sessions that should be connected but
 * have no live lease, and delete the inboxes of workers that stopped heart-beating.
 */
import { controlFunction, HANDLERS, type FunctionAccess } from "./functions";

export const JANITOR_SCHEDULE = "rate(1 minute)";

export function createCron(access: FunctionAccess, inboxArnPattern: $util.Output<string>, name: string) {
  const janitor = new sst.aws.CronV2("Janitor", {
    schedule: JANITOR_SCHEDULE,
    function: controlFunction(HANDLERS.janitor, access, {
      name,
      // Finish before the next run starts; the next run picks up whatever is left.
      timeout: "50 seconds",
      permissions: [{ actions: ["sqs:DeleteQueue"], resources: [inboxArnPattern] }],
    }),
    // A failed run is simply superseded by the next one a minute later.
    retries: 0,
  });
  return { janitor };
}
