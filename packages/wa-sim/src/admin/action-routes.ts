import { z } from "zod";
import type { Route } from "./routes";

const ACCOUNT = "/admin/accounts/(?<id>[0-9]+)";
const route = (method: Route["method"], path: string, rest: Omit<Route, "method" | "pattern">): Route => ({
  method,
  pattern: new RegExp(`^${path}$`),
  ...rest,
});

/** Faults for the server's verdicts on edits, revokes and reactions (messaging/refusals.ts). */
export const actionRoutes: Route[] = [
  // moves a message's send time back, so WhatsApp's edit (15 min) and revoke (2 days) windows pass
  route("POST", `${ACCOUNT}/messages/(?<messageId>[0-9A-Za-z]{6,64})/age`, {
    body: z
      .object({
        seconds: z
          .number()
          .int()
          .min(1)
          .max(365 * 24 * 3600),
      })
      .strict(),
    handle: (api, p, b) => {
      api.chat.ageMessage(p.id!, p.messageId!, b.seconds);
      return { status: 204 };
    },
  }),
  // the account's next `count` stanzas get no ack and reach nobody
  route("POST", `${ACCOUNT}/faults/withhold-acks`, {
    body: z.object({ count: z.number().int().min(0).max(1000) }).strict(),
    handle: (api, p, b) => {
      api.chat.withholdAcks(p.id!, b.count);
      return { status: 204 };
    },
  }),
];
