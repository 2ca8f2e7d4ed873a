/**
 * Lambda "janitor" (cron, infra/cron.ts): re-places sessions that want a connection but have
 * no live lease, and reaps dead fleet workers (DESIGN §4). The logic lives with the fleet;
 * composition runs once per cold start. `@wharf/fleet/janitor` loads no Baileys.
 */
import { Resource } from "sst/resource";
import { createJanitorHandler } from "@wharf/fleet/janitor";

export const handler = createJanitorHandler(process.env, Resource);
