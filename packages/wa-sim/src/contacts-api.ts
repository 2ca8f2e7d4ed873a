import { Directory } from "./state/directory";
import { SimError } from "./errors";
import { blocklistOf, profileState, type ContactProfile } from "./iq/contact-profiles";
import type { SimContext } from "./server/context";

export interface ContactProfilePatch {
  /** null removes the picture (the client then gets 404 item-not-found) */
  pictureUrl?: string | null;
  /** null removes the status text */
  status?: string | null;
  /** false: the number has no WhatsApp account (usync answers `contact type="out"`) */
  onWhatsApp?: boolean;
}

export interface ContactProfileView {
  pn: string;
  pictureUrl: string | null;
  status: string | null;
  onWhatsApp: boolean;
}

/**
 * What contacts (or an account's own phone) show of themselves, which numbers are on
 * WhatsApp, and what an account blocked. Presence from contacts is on `api.chat`.
 */
export class ContactsApi {
  constructor(private readonly ctx: SimContext) {}

  /** Sets a number's profile picture URL, status text and whether it is on WhatsApp. */
  setProfile(pn: string, patch: ContactProfilePatch): ContactProfileView {
    if (!Directory.isPhone(pn)) throw new SimError("invalid_body", "phone must be 6-15 digits", { field: "pn" });
    const state = profileState(this.ctx);
    const next: ContactProfile = { ...state.profiles.get(pn) };
    if (patch.pictureUrl !== undefined) {
      if (patch.pictureUrl === null) delete next.pictureUrl;
      else next.pictureUrl = patch.pictureUrl;
    }
    if (patch.status !== undefined) {
      if (patch.status === null) delete next.status;
      else next.status = patch.status;
      next.statusAt = Math.floor(Date.now() / 1000);
    }
    state.profiles.set(pn, next);
    if (patch.onWhatsApp === false) state.unregistered.add(pn);
    if (patch.onWhatsApp === true) state.unregistered.delete(pn);
    return this.profile(pn);
  }

  profile(pn: string): ContactProfileView {
    const state = profileState(this.ctx);
    const p = state.profiles.get(pn);
    return {
      pn,
      pictureUrl: p?.pictureUrl ?? null,
      status: p?.status ?? null,
      onWhatsApp: !state.unregistered.has(pn),
    };
  }

  /** The phone numbers the account's client blocked, sorted. */
  blocklist(accountId: string): string[] {
    return [...blocklistOf(this.ctx.directory.getAccount(accountId))].sort();
  }
}
