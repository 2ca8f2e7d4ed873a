import { describe, expect, it } from "vitest";
import { pathForLogs } from "./log-path";

describe("access-log paths", () => {
  it.each([
    [
      "/v1/sessions/ses_01J0000000000000000000000/chats/4915112345678/messages",
      "/v1/sessions/ses_01J0000000000000000000000/chats/…78/messages",
    ],
    ["/v1/sessions/s/chats/4915112345678@s.whatsapp.net", "/v1/sessions/s/chats/…78@s.whatsapp.net"],
    ["/v1/sessions/s/chats/4915112345678%40s.whatsapp.net", "/v1/sessions/s/chats/…78@s.whatsapp.net"],
    ["/v1/sessions/s/chats/%2B49%20151%2012345678", "/v1/sessions/s/chats/…78"],
    ["/v1/sessions/s/groups/120363025246125486-1611234567@g.us", "/v1/sessions/s/groups/…67@g.us"],
    ["/v1/demo/phones/15550100000/contacts/4915112345678/messages", "/v1/demo/phones/…00/contacts/…78/messages"],
    ["/v1/sessions/s/chats/123456789012345@lid", "/v1/sessions/s/chats/…45@lid"],
    ["/v1/sessions/s/chats/someone@s.whatsapp.net", "/v1/sessions/s/chats/…@s.whatsapp.net"],
  ])("masks the number in %s", (path, logged) => {
    expect(pathForLogs(path)).toBe(logged);
  });

  it.each([
    "/v1/sessions",
    "/v1/sessions/ses_01J8ZQ4N5Y6X7W8V9T0S1R2Q3P/messages",
    "/v1/webhooks/deliveries/dlv_01ABC/redeliver",
    "/v1/health",
    "/v1/sessions/12345/x",
    "/%E0%A4%A",
  ])("leaves %s as it is", (path) => expect(pathForLogs(path)).toBe(path));
});
