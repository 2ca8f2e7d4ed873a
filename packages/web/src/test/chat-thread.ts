import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect } from "vitest";
import { FakeSocket } from "./fakes";

/** The chat page shows its thread and its realtime socket is open, so frames from FakeSocket reach it. */
export async function threadLive(): Promise<void> {
  await screen.findByRole("log");
  await waitFor(() => expect(FakeSocket.all.length).toBe(1));
  act(() => FakeSocket.latest().open());
}

/** With the thread live, opens the drawer behind the thread head's `button`; resolves to it, found by `title`. */
export async function openThreadDrawer(button: string, title: string): Promise<HTMLElement> {
  await threadLive();
  await userEvent.click(screen.getByRole("button", { name: button }));
  return screen.findByRole("dialog", { name: title });
}
