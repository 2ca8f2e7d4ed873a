/**
 * Lambda "janitor" (cron, infra/cron.ts): re-places sessions that want a connection but have
 * no live lease, and reaps dead fleet workers (DESIGN §4). The rules are core's
 * reconciliation verbs over aws adapters; composition runs once per cold start.
 */
import { Resource } from "sst/resource";
import { createJanitorHandler } from "./janitor-handler";

export const handler = createJanitorHandler(process.env, Resource);
