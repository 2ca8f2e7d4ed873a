import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Dialog } from "./Dialog";

function renderDialog() {
  render(
    <>
      <button type="button">Behind the dialog</button>
      <Dialog open onClose={vi.fn()} title="Settings">
        <input aria-label="Name" data-autofocus />
        <button type="button">Save</button>
      </Dialog>
    </>,
  );
}

describe("Dialog", () => {
  it("keeps Tab inside the dialog: from the last control it wraps to the first", async () => {
    renderDialog();
    const close = screen.getByRole("button", { name: "Close dialog" });
    const save = screen.getByRole("button", { name: "Save" });
    save.focus();
    await userEvent.tab();
    expect(document.activeElement).toBe(close);
  });

  it("keeps Shift+Tab inside the dialog: from the first control it wraps to the last", async () => {
    renderDialog();
    screen.getByRole("button", { name: "Close dialog" }).focus();
    await userEvent.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Save" }));
  });
});
