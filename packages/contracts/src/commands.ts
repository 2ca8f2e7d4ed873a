import { z } from "zod";
import { defineCommand } from "./envelope";

/** One schema per command type. Later capabilities add theirs to `FleetCommand`. */
export const DisconnectCommand = defineCommand("session.disconnect", z.object({}).strict());
export type DisconnectCommand = z.infer<typeof DisconnectCommand>;

export const FleetCommand = z.discriminatedUnion("type", [DisconnectCommand]);
export type FleetCommand = z.infer<typeof FleetCommand>;
export type FleetCommandType = FleetCommand["type"];
