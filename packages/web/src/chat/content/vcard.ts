/** What a contact card shows: the name and phone numbers of a vCard (3.0, as WhatsApp sends them). */
export interface VCardSummary {
  name: string | null;
  phones: string[];
}

/** Unfolds continuation lines (RFC 6350 §3.2) and reads FN and TEL; everything else is ignored. */
export function readVCard(vcard: string): VCardSummary {
  const lines = vcard.replace(/\r?\n[ \t]/g, "").split(/\r?\n/);
  let name: string | null = null;
  const phones: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = (line.slice(0, colon).split(";")[0] ?? "").split(".").pop()?.toUpperCase();
    const value = line.slice(colon + 1).trim();
    if (!value) continue;
    if (key === "FN" && name === null) name = value.replace(/\\,/g, ",").replace(/\\;/g, ";");
    if (key === "TEL") phones.push(value);
  }
  return { name, phones };
}
