import { z } from "zod";
import type { Route } from "./routes";

const route = (method: Route["method"], path: string, rest: Omit<Route, "method" | "pattern">): Route => ({
  method,
  pattern: new RegExp(`^${path}$`),
  ...rest,
});

const profile = z
  .object({
    pictureUrl: z.string().url().max(2048).nullable().optional(),
    status: z.string().max(1024).nullable().optional(),
    onWhatsApp: z.boolean().optional(),
  })
  .strict();

/** Contacts' profiles (picture, status, on WhatsApp or not) and an account's blocklist. Documented in the README. */
export const contactRoutes: Route[] = [
  route("PUT", "/admin/contacts/(?<pn>[0-9]+)/profile", {
    body: profile,
    handle: (api, p, b) => ({ status: 200, body: api.contacts.setProfile(p.pn!, b) }),
  }),
  route("GET", "/admin/contacts/(?<pn>[0-9]+)/profile", {
    handle: (api, p) => ({ status: 200, body: api.contacts.profile(p.pn!) }),
  }),
  route("GET", "/admin/accounts/(?<id>[0-9]+)/blocklist", {
    handle: (api, p) => ({ status: 200, body: { blocked: api.contacts.blocklist(p.id!) } }),
  }),
];
