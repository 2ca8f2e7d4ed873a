/**
 * The whole stage, built in dependency order. sst.config.ts imports only this file (no
 * directory scanning), calls createInfra() inside run() and returns its outputs.
 */
import { restrictLinks } from "./access";
import { createApi } from "./api";
import { createCron } from "./cron";
import { createFleet } from "./fleet";
import { controlAccess } from "./functions";
import { createMonitoring } from "./monitoring";
import { createQueues, deadLetterQueues, subscribeConsumers } from "./queues";
import { createRealtime } from "./realtime";
import { createSecrets } from "./secrets";
import { stageSettings } from "./stage";
import { createStorage } from "./storage";
import { createWeb } from "./web";

export function createInfra() {
  // WHARF_ALARM_EMAIL is read at deploy time (CI sets it per environment); nothing at run time.
  const settings = stageSettings($app.name, $app.stage, process.env);
  restrictLinks();
  const secrets = createSecrets();
  const { table, media } = createStorage(settings);
  const queues = createQueues(settings);
  const access = controlAccess({ table, media, queues, secrets });
  const fnName = (role: string) => `${$app.name}-${settings.stage}-${role}`;

  const { realtime } = createRealtime(access.ws, (route) => fnName(`ws-${route}`));
  const withRealtime = (a: typeof access.http) => ({ ...a, link: [...a.link, realtime] });

  const { api } = createApi(withRealtime(access.http), fnName("http"), settings.apiThrottle);
  subscribeConsumers(
    queues,
    { events: withRealtime(access.events), webhooks: withRealtime(access.webhooks) },
    { events: fnName("events"), webhooks: fnName("webhooks") },
  );
  const { cluster, fleet } = createFleet(settings, { table, media, queues, secrets });
  const { web } = createWeb({ api: api.url, realtime: realtime.url });
  createCron(access.janitor, queues.inboxArnPattern, fnName("janitor"));

  const dlqs = Object.fromEntries(Object.entries(deadLetterQueues(queues)).map(([k, q]) => [k, q.nodes.queue.name]));
  const functions = Object.fromEntries(
    ["http", "ws-connect", "ws-disconnect", "ws-default", "events", "webhooks", "janitor"].map((role) => [
      role,
      fnName(role),
    ]),
  );
  const { topic } = createMonitoring(settings, {
    functions,
    dlqs,
    placementQueue: queues.placement.nodes.queue.name,
    clusterName: cluster.nodes.cluster.name,
    serviceName: fleet.nodes.service.name,
  });

  return {
    stage: settings.stage,
    api: api.url,
    realtime: realtime.url,
    web: web.url,
    table: table.name,
    media: media.name,
    alarms: topic.arn,
  };
}
