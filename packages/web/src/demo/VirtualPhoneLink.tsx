import { useMutation } from "@tanstack/react-query";
import { describeError } from "../api/http";
import { useApi } from "../auth/AuthProvider";
import { formatPhone } from "../ui/format";
import { SmartphoneSparkIcon } from "../ui/icons";
import { useDemo } from "./queries";

/**
 * Sim mode only, inside the link dialog: link with a virtual phone in one click, right where the
 * QR or pairing code is shown (no need to close the dialog and find the Virtual phone panel).
 * `phone` names the number a pairing code was requested for, so that phone types it.
 */
export function VirtualPhoneLink({
  qr,
  code,
  phone,
}: {
  qr?: string | null;
  code?: string | null;
  phone?: string | null;
}) {
  const api = useApi();
  const { demo, refresh } = useDemo();
  const link = useMutation({
    mutationFn: async () => {
      const phones = demo?.phones ?? [];
      const chosen =
        (phone ? phones.find((p) => p.phone === phone) : phones.find((p) => !p.linked)) ?? (await api.demo.addPhone());
      return qr ? api.demo.scanQr(chosen.id, qr) : api.demo.enterPairingCode(chosen.id, code!);
    },
    onSettled: () => refresh(),
  });
  if (!demo || (!qr && !code)) return null;
  // A pairing code works only on the phone it was requested for.
  if (!qr && phone && !demo.phones.some((p) => p.phone === phone)) return null;
  const label = qr ? "Scan with a virtual phone" : "Type the code on a virtual phone";
  return (
    <div className="demo-link">
      <button
        type="button"
        className="button button--secondary"
        disabled={link.isPending}
        onClick={() => link.mutate()}
      >
        <SmartphoneSparkIcon size={16} />
        {link.isPending ? "Linking…" : label}
      </button>
      <span className="field__hint">
        {phone
          ? `Demo mode: the virtual phone ${formatPhone(phone)} types it for you.`
          : "Demo mode: a virtual phone does what a real one would."}
      </span>
      {link.isError ? (
        <p className="field__error" role="alert">
          {describeError(link.error)}
        </p>
      ) : null}
    </div>
  );
}
