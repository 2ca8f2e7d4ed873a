/** Dates and numbers for people. `now` is injectable so tests are stable. */
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "Never";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "—";
  const diff = (t - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return "Just now";
  if (abs < 3600) return rtf.format(Math.round(diff / 60), "minute");
  if (abs < 86_400) return rtf.format(Math.round(diff / 3600), "hour");
  if (abs < 7 * 86_400) return rtf.format(Math.round(diff / 86_400), "day");
  return new Date(t).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

export function absoluteTime(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t).toLocaleString();
}

export function clockTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? "" : new Date(t).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** E.164 digits with a leading "+" (no national grouping: that needs per-country rules). */
export function formatPhone(digits: string | null | undefined): string {
  if (!digits) return "—";
  return `+${digits.replace(/\D/g, "")}`;
}

/** The user part of a JID ("4915…@s.whatsapp.net" → "4915…"). */
export function jidUser(jid: string): string {
  return jid.split("@")[0]?.split(":")[0] ?? jid;
}
