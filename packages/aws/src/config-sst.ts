import { loadConfig, type RequiredSetting, type WharfConfig } from "./config";

/**
 * The seam for SST: on AWS, entry points read `Resource` from "sst" (linked resources) and
 * pass it here; it becomes the same env-shaped record `loadConfig` validates, so there is one
 * validator. This file does not import "sst": the entry point does, and passes the object.
 * The link names must match infra/ (storage: Table; queues: Placement, Events, Webhooks and the DLQs EventsDlq, WebhooksDlq;
 * secrets: AdminKey, AuthStateKey, TokenKey).
 */
export interface SstLinkedResources {
  App?: { name: string; stage: string };
  Table?: { name: string };
  Placement?: { url: string };
  Events?: { url: string };
  Webhooks?: { url: string };
  EventsDlq?: { url: string };
  WebhooksDlq?: { url: string };
  AdminKey?: { value: string };
  AuthStateKey?: { value: string };
  TokenKey?: { value: string };
}

/** Linked resources win over env; plain env (AWS_REGION, LOG_LEVEL, endpoints) fills the rest. */
export function envFromSstResource(
  resource: SstLinkedResources,
  env: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    ...env,
    ...(resource.App ? { WHARF_STAGE: resource.App.stage } : {}),
    ...(resource.Table ? { WHARF_TABLE_NAME: resource.Table.name } : {}),
    ...(resource.Placement ? { WHARF_PLACEMENT_QUEUE_URL: resource.Placement.url } : {}),
    ...(resource.Events ? { WHARF_EVENTS_QUEUE_URL: resource.Events.url } : {}),
    ...(resource.Webhooks ? { WHARF_WEBHOOKS_QUEUE_URL: resource.Webhooks.url } : {}),
    ...(resource.EventsDlq ? { WHARF_EVENTS_DLQ_URL: resource.EventsDlq.url } : {}),
    ...(resource.WebhooksDlq ? { WHARF_WEBHOOKS_DLQ_URL: resource.WebhooksDlq.url } : {}),
    ...(resource.AdminKey ? { WHARF_ADMIN_KEY: resource.AdminKey.value } : {}),
    ...(resource.AuthStateKey ? { WHARF_AUTH_STATE_KEY: resource.AuthStateKey.value } : {}),
    ...(resource.TokenKey ? { WHARF_TOKEN_KEY: resource.TokenKey.value } : {}),
  };
}

export function loadConfigFromSst(
  resource: SstLinkedResources,
  env: Record<string, string | undefined>,
  opts: { require?: RequiredSetting[] } = {},
): WharfConfig {
  return loadConfig(envFromSstResource(resource, env), opts);
}
