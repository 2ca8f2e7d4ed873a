import type { MediaDescriptor } from "../../api/types";

/** "840 B", "12.4 KB", "3.1 MB": sizes as file managers show them (1024-based). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** 7 → "0:07", 75 → "1:15", 3700 → "1:01:40". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Why a file cannot be shown, in words; null when its link is there. */
export function mediaProblem(media: MediaDescriptor): string | null {
  if (media.downloadUrl) return null;
  if (media.unavailableReason === "too_large") return "too large to keep";
  if (media.unavailableReason) return "couldn't be downloaded";
  return "not downloaded yet";
}
