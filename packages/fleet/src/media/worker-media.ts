import { createPinnedHttp } from "@wharf/aws";
import type { MediaObjects } from "@wharf/core";
import type { InboundMediaDeps } from "./inbound-media";
import { createMediaTrust, type MediaTrust } from "./media-trust";
import { createTransferSlots } from "./transfer-slots";
import type { OutboundMediaDeps } from "./outbound-media";

/** Media for every session of a worker: the bucket, the media host's trust, the URL guard. */
export interface WorkerMedia extends OutboundMediaDeps, InboundMediaDeps {
  trust: MediaTrust;
}

export interface WorkerMediaSettings {
  /** PEM of the CA a stand-in media host (the simulator) is trusted by; null = public roots */
  caPem: string | null;
  /** media URLs may point at this machine's network (the local runtime only, like webhooks) */
  allowPrivateUrls: boolean;
  urlTimeoutMs: number;
  downloadTimeoutMs: number;
  maxInboundBytes: number;
  /** contacts' files downloaded and stored at once by this worker; the rest wait their turn */
  maxConcurrentInbound: number;
}

export const MEDIA_DEFAULTS = {
  urlTimeoutMs: 30_000,
  downloadTimeoutMs: 120_000,
  // WhatsApp's largest kind (documents)
  maxInboundBytes: 100 * 1024 * 1024,
  // each streamed file holds about one 5 MiB S3 part and its stream buffers (~10-15 MB)
  maxConcurrentInbound: 4,
} as const;

export function createWorkerMedia(settings: WorkerMediaSettings, objects: MediaObjects | null): WorkerMedia {
  return {
    objects,
    http: createPinnedHttp({ allowPrivateTargets: settings.allowPrivateUrls }),
    urlTimeoutMs: settings.urlTimeoutMs,
    downloadTimeoutMs: settings.downloadTimeoutMs,
    maxInboundBytes: settings.maxInboundBytes,
    inboundSlots: createTransferSlots(settings.maxConcurrentInbound),
    trust: createMediaTrust(settings.caPem),
  };
}
