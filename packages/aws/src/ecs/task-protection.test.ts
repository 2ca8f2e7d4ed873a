import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createEcsTaskProtection } from "./task-protection";

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A stand-in ECS agent that records requests and answers with `reply`. */
async function agent(reply: (body: unknown) => [number, unknown]) {
  const requests: { method?: string; url?: string; body: unknown }[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw);
    requests.push({ method: req.method, url: req.url, body });
    const [status, payload] = reply(body);
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/task-1`, requests };
}

describe("createEcsTaskProtection", () => {
  it("turns protection on for N minutes and off again through the agent's state endpoint", async () => {
    const { uri, requests } = await agent(() => [200, { protection: { ProtectionEnabled: true } }]);
    const protection = createEcsTaskProtection(uri);
    await protection.protect(15);
    await protection.release();
    expect(requests).toEqual([
      {
        method: "PUT",
        url: "/api/task-1/task-protection/v1/state",
        body: { ProtectionEnabled: true, ExpiresInMinutes: 15 },
      },
      { method: "PUT", url: "/api/task-1/task-protection/v1/state", body: { ProtectionEnabled: false } },
    ]);
  });

  it("fails when the agent reports a failure or an error status", async () => {
    const failing = await agent(() => [200, { failure: { Reason: "TASK_NOT_FOUND" } }]);
    await expect(createEcsTaskProtection(failing.uri).protect(5)).rejects.toThrow(/TASK_NOT_FOUND/);
    const denied = await agent(() => [400, { error: { Code: "AccessDeniedException" } }]);
    await expect(createEcsTaskProtection(denied.uri).release()).rejects.toThrow(/400/);
  });
});
