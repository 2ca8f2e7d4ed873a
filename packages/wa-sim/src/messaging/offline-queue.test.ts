import { describe, expect, it } from "vitest";
import type { SimConnection } from "../server/connection";
import type { Account, InboundRecord } from "../state/types";
import {
  keepInbound,
  MAX_KEPT_INBOUND,
  receiptAcked,
  requeueUnackedReceipts,
  sendTrackedReceipt,
  unackedReceiptCount,
} from "./offline-queue";

const record = (id: string, status: InboundRecord["status"]): InboundRecord => ({
  id,
  from: "4915100000001",
  text: id,
  t: 0,
  plaintext: true,
  status,
  attempts: 0,
});

describe("what the server keeps for an offline device", () => {
  it("never trims a contact message the device has not confirmed, however long the inbox grows", () => {
    const inbox: InboundRecord[] = [];
    for (let i = 0; i < MAX_KEPT_INBOUND + 50; i++) keepInbound(inbox, record(`q${i}`, "queued"));
    expect(inbox).toHaveLength(MAX_KEPT_INBOUND + 50);
    keepInbound(inbox, record("d", "delivered"));
    keepInbound(inbox, record("late", "queued"));
    expect(inbox.filter((r) => r.status === "queued")).toHaveLength(MAX_KEPT_INBOUND + 51);
  });

  it("drops confirmed messages first once the inbox is full", () => {
    const inbox: InboundRecord[] = [];
    for (let i = 0; i < MAX_KEPT_INBOUND; i++) keepInbound(inbox, record(`d${i}`, "delivered"));
    keepInbound(inbox, record("new", "queued"));
    expect(inbox).toHaveLength(MAX_KEPT_INBOUND);
    expect(inbox.at(-1)?.id).toBe("new");
    expect(inbox[0]?.id).toBe("d1");
  });

  it("sends receipts the device did not ack again at its next login, acked ones never", () => {
    const sent: unknown[] = [];
    const conn = { sendNode: (n: unknown) => sent.push(n) } as unknown as SimConnection;
    const account = { pendingReceipts: [] } as unknown as Account;
    const delivered = { chatJid: "c@s.whatsapp.net", ids: ["A", "B"], type: "delivered" as const, t: 1 };
    const read = { chatJid: "c@s.whatsapp.net", ids: ["A"], type: "read" as const, t: 2 };
    sendTrackedReceipt(conn, delivered, { tag: "receipt", attrs: {} });
    sendTrackedReceipt(conn, read, { tag: "receipt", attrs: {} });
    expect(sent).toHaveLength(2);
    receiptAcked(conn, "A", undefined);
    expect(unackedReceiptCount(conn)).toBe(1);
    requeueUnackedReceipts(account, conn);
    expect(account.pendingReceipts).toEqual([read]);
    expect(unackedReceiptCount(conn)).toBe(0);
  });
});
