import { z } from "zod";

export const HealthBody = z.object({
  status: z.literal("ok"),
  version: z.string(),
  time: z.string().datetime(),
});
export type HealthBody = z.infer<typeof HealthBody>;
