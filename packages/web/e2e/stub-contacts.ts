import type { ApiAnswer } from "./static-server";

/**
 * The contact routes of the stubbed API (number check, profile, blocklist, block) and group
 * creation, for the smoke test's new chat, new group and contact info screens.
 */
export function contactRoutes(
  sessionId: string,
  method: string,
  path: string,
  body: unknown,
  blocked: Set<string>,
): ApiAnswer | undefined {
  const base = `/v1/sessions/${sessionId}`;
  if (method === "POST" && path === `${base}/contacts/check`) {
    const phones = (body as { phones: string[] }).phones.map((p) => p.replace(/\D/g, ""));
    // a number ending in 0 plays "not on WhatsApp"
    const results = phones.map((phone) => {
      const on = !phone.endsWith("0");
      return { phone, onWhatsApp: on, jid: on ? `${phone}@s.whatsapp.net` : null };
    });
    return { status: 200, body: { results } };
  }
  if (method === "GET" && path === `${base}/blocklist`) return { status: 200, body: { jids: [...blocked] } };
  const contact = new RegExp(`^${base}/contacts/([^/]+)(/block)?$`).exec(path);
  if (contact) {
    const jid = decodeURIComponent(contact[1]!);
    const phone = jid.split("@")[0]!;
    if (contact[2] && (method === "POST" || method === "DELETE")) {
      if (method === "POST") blocked.add(jid);
      else blocked.delete(jid);
      return { status: 200, body: { jid, blocked: method === "POST" } };
    }
    if (!contact[2] && method === "GET") {
      return {
        status: 200,
        body: { jid, phone, pictureUrl: null, status: "Available for deliveries", statusSetAt: null },
      };
    }
  }
  return undefined;
}
