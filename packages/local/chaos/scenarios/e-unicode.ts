import type { ChaosOptions } from "../args";
import { atRate, linkSession, listAll, newTenant, settle, startStack } from "../kit";
import type { ScenarioReport } from "../report";
import { randomText, seededRandom, UNICODE_CLASSES, WIRE_CLASSES, type UnicodeClass } from "../unicode";

const CONTACTS = ["4915112340010", "4915112340011", "4915112340012", "4915112340013"];
const API_SENDS_PER_CLASS = 10;

interface Sent {
  id: string;
  cls: UnicodeClass;
  text: string;
  pushName: string;
  contact: string;
}

/**
 * e) Contacts send messages with random Unicode of every class the WhatsApp wire can carry
 * (and push names with emoji); every one must be stored byte-identical. The API path also
 * gets each class, lone surrogates included, and must store the text as sent.
 */
export async function unicodeEndToEnd(o: ChaosOptions): Promise<ScenarioReport> {
  const rnd = seededRandom(o.seed);
  const s = await startStack({ workers: 1 });
  try {
    const t = await newTenant(s, "chaos-e");
    const { sessionId, phone } = await linkSession(s, t, "chaos-e");
    const sent: Sent[] = Array.from({ length: o.unicodeMessages }, (_, i) => ({
      id: `CHAOSE${o.seed.toString(36).toUpperCase()}X${i}`,
      cls: WIRE_CLASSES[i % WIRE_CLASSES.length]!,
      text: "",
      pushName: randomText("emoji", rnd, 4),
      contact: CONTACTS[i % CONTACTS.length]!,
    }));
    for (const m of sent) m.text = randomText(m.cls, rnd);
    let refused = 0;
    const accepted = new Set<string>();
    const rate = await atRate(sent.length, 100, async (i) => {
      const m = sent[i]!;
      const res = await s.sim
        .call("POST", `/accounts/${phone}/contacts/${m.contact}/messages`, {
          text: m.text,
          id: m.id,
          pushName: m.pushName,
        })
        .catch(() => null);
      if (res?.status === 202) accepted.add(m.id);
      else refused++;
    });

    const stored = async () =>
      (await Promise.all(CONTACTS.map((c) => listAll(s, t, `/v1/sessions/${sessionId}/chats/${c}/messages`)))).flat();
    await settle(async () => (await stored()).length, sent.length - refused, 20_000, 180_000);
    const byWaId = new Map((await stored()).map((m) => [m.waMessageId as string, m]));

    const perClass = new Map<UnicodeClass, { sent: number; same: number; differs: number; missing: number }>();
    let pushNameDiffers = 0;
    for (const m of sent.filter((x) => accepted.has(x.id))) {
      const row = perClass.get(m.cls) ?? { sent: 0, same: 0, differs: 0, missing: 0 };
      perClass.set(m.cls, row);
      row.sent++;
      const got = byWaId.get(m.id);
      if (!got) row.missing++;
      else if (got.text === m.text) row.same++;
      else row.differs++;
      if (got && got.pushName !== m.pushName) pushNameDiffers++;
    }

    // the API path: every class, lone surrogates too (they never reach the WhatsApp wire)
    const api = new Map<UnicodeClass, { sent: number; refused: number; same: number; differs: number }>();
    const refusals = new Map<string, number>();
    const contact = CONTACTS[0]!;
    for (const cls of UNICODE_CLASSES) {
      const row = { sent: 0, refused: 0, same: 0, differs: 0 };
      api.set(cls, row);
      for (let i = 0; i < API_SENDS_PER_CLASS; i++) {
        const text = randomText(cls, rnd);
        row.sent++;
        const res = await s.api.call("POST", `/v1/sessions/${sessionId}/messages`, {
          key: t.key,
          json: { to: `+${contact}`, type: "text", text },
        });
        if (res.status !== 202) {
          row.refused++;
          const why = `HTTP ${res.status} ${res.body?.error?.code ?? ""}`.trim();
          refusals.set(why, (refusals.get(why) ?? 0) + 1);
          continue;
        }
        const got = await s.api.call("GET", `/v1/sessions/${sessionId}/messages/${res.body.id}`, { key: t.key });
        if (got.body?.text === text) row.same++;
        else row.differs++;
      }
    }

    const sum = (k: "differs" | "missing") => [...perClass.values()].reduce((a, r) => a + r[k], 0);
    const apiRefused = [...api.values()].reduce((a, r) => a + r.refused, 0);
    const apiDiffers = [...api.values()].reduce((a, r) => a + r.differs, 0);
    return {
      id: "e",
      title: `${sent.length} inbound messages with random Unicode (seed ${o.seed})`,
      rows: [
        {
          label: "inbound sent",
          value: sent.length - refused,
          note: `${refused ? `${refused} refused by or unanswered from the simulator; ` : ""}${rate} msg/s achieved`,
        },
        { label: "inbound stored byte-identical", value: [...perClass.values()].reduce((a, r) => a + r.same, 0) },
        { label: "inbound stored with different text", value: sum("differs"), mustBeZero: true },
        { label: "inbound missing", value: sum("missing"), mustBeZero: true },
        { label: "push names stored differently", value: pushNameDiffers, mustBeZero: true },
        {
          label: "API sends refused (non-202)",
          value: apiRefused,
          mustBeZero: true,
          note: [...refusals].map(([k, n]) => `${n}× ${k}`).join(", "),
        },
        { label: "API sends stored with different text", value: apiDiffers, mustBeZero: true },
      ],
      tables: [
        {
          title: "inbound by class",
          header: ["class", "sent", "identical", "differs", "missing"],
          rows: [...perClass].map(([c, r]) => [c, r.sent, r.same, r.differs, r.missing]),
        },
        {
          title: "API send (POST …/messages, then GET) by class",
          header: ["class", "sent", "refused", "identical", "differs"],
          rows: [...api].map(([c, r]) => [c, r.sent, r.refused, r.same, r.differs]),
        },
      ],
    };
  } finally {
    await s.stop();
  }
}
