import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { describeError, isUnavailable } from "../api/http";
import { qk } from "../api/query-keys";
import { useApi } from "../auth/AuthProvider";
import { changeMessageById } from "../realtime/message-updates";
import { copyText } from "../ui/CopyButton";
import { useFeedback } from "../ui/Toasts";
import { newIdempotencyKey } from "./send";
import type { ThreadMessage } from "./queries";

/**
 * Edit, delete for everyone and react, through the API; the thread shows the change at once
 * and the server's `message:updated` frame confirms it. A refused change is undone by
 * refetching the thread, with the reason in a toast.
 */
export function useMessageVerbs(sessionId: string) {
  const api = useApi();
  const qc = useQueryClient();
  const { toast } = useFeedback();

  return useMemo(() => {
    const failed = (m: ThreadMessage, what: string) => (err: unknown) => {
      void qc.invalidateQueries({ queryKey: qk.thread(sessionId, m.chatJid) });
      toast("error", isUnavailable(err) ? `${what} isn't available on this server yet.` : describeError(err));
    };
    const now = () => new Date().toISOString();
    return {
      async edit(m: ThreadMessage, text: string) {
        changeMessageById(qc, m, { change: "edited", text, at: now() });
        await api.messages.edit(sessionId, m.id, { text }).catch(failed(m, "Editing"));
      },
      async remove(m: ThreadMessage) {
        changeMessageById(qc, m, { change: "deleted", at: now() });
        await api.messages.deleteForEveryone(sessionId, m.id).catch(failed(m, "Deleting"));
      },
      async react(m: ThreadMessage, emoji: string) {
        changeMessageById(qc, m, { change: "reaction", senderJid: null, emoji, at: now() });
        const body = { type: "reaction" as const, to: m.chatJid, messageId: m.id, emoji };
        await api.messages.send(sessionId, body, newIdempotencyKey()).catch(failed(m, "Reacting"));
      },
      async copy(m: ThreadMessage) {
        const ok = m.text ? await copyText(m.text) : false;
        toast(ok ? "success" : "error", ok ? "Copied" : "Couldn't copy the text");
      },
    };
  }, [api, qc, sessionId, toast]);
}
