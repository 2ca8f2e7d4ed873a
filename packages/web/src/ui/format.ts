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

/** A linked account for people: "Name · +phone" when WhatsApp told us the name, else "+phone". */
export function formatLinkedAccount(account: { phone: string | null; accountName?: string | null }): string {
  const phone = formatPhone(account.phone);
  return account.accountName ? `${account.accountName} · ${phone}` : phone;
}

/** The user part of a JID ("4915…@s.whatsapp.net" → "4915…"). */
export function jidUser(jid: string): string {
  return jid.split("@")[0]?.split(":")[0] ?? jid;
}

/** A moment still to come, for people ("in 3 min", "in 2 h"); a past one says "any moment now". */
export function untilTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "—";
  const seconds = (t - now) / 1000;
  if (seconds <= 0) return "any moment now";
  if (seconds < 3600) return `in ${Math.max(1, Math.ceil(seconds / 60))} min`;
  if (seconds < 86_400) return `in ${Math.round(seconds / 3600)} h`;
  return `in ${Math.round(seconds / 86_400)} d`;
}

/** "1 min", "3 h": how long since `iso`, for labels that already say what happened. */
export function elapsedTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "";
  const seconds = Math.max(0, (now - t) / 1000);
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}
