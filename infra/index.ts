/**
 * The whole stage, built in dependency order. sst.config.ts imports only this file (no
 * directory scanning), calls createInfra() inside run() and returns its outputs.
 */
import { createApi } from "./api";
import { createCron } from "./cron";
import { createFleet } from "./fleet";
import { createQueues, subscribeConsumers } from "./queues";
import { createRealtime } from "./realtime";
import { createSecrets } from "./secrets";
import { stageSettings } from "./stage";
import { createStorage } from "./storage";
import { createWeb } from "./web";

export function createInfra() {
  const settings = stageSettings($app.name, $app.stage);
  const secrets = createSecrets();
  const { table } = createStorage(settings);
  const queues = createQueues(settings);

  const baseLinks = [
    table,
    queues.placement,
    queues.events,
    queues.webhooks,
    queues.inboxes,
    secrets.adminKey,
    secrets.authStateKey,
    secrets.tokenKey,
  ];
  const { realtime } = createRealtime(baseLinks);
  const controlLinks = [...baseLinks, realtime];

  const { api } = createApi(controlLinks);
  subscribeConsumers(queues, controlLinks);
  createFleet(
    settings,
    {
      table,
      placement: queues.placement,
      events: queues.events,
      inboxes: queues.inboxes,
      authStateKey: secrets.authStateKey,
    },
    queues.inboxArnPattern,
  );
  const { web } = createWeb({ api: api.url, realtime: realtime.url });
  createCron(controlLinks, queues.inboxArnPattern);

  return {
    stage: settings.stage,
    api: api.url,
    realtime: realtime.url,
    web: web.url,
    table: table.name,
  };
}
