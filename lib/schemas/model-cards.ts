import { z } from "zod";
import { MAX_MODEL_CARD_LENGTH } from "@/lib/domain/model-cards/model-card";
import { ZId, ZIsoDate } from "./common";
import { zText } from "./input-policy";

export const ZModelCardAssessment = z
  .object({
    complete: z
      .boolean()
      .describe("Every section of the template is present and non-empty (what the gate requirement checks)"),
    missing: z.array(z.string()).describe("Sections with no level-2 heading in the card"),
    empty: z.array(z.string()).describe("Sections present with nothing but comments or whitespace under them"),
  })
  .strict();

export const ZModelCard = z
  .object({
    modelId: ZId,
    markdown: z.string().describe("The card, GitHub-flavoured markdown; empty when none was written yet"),
    template: z.string().describe("The template a new card starts from (sections of Model Cards for Model Reporting)"),
    assessment: ZModelCardAssessment,
    updatedAt: ZIsoDate.nullable(),
    updatedBy: z.object({ id: ZId, name: z.string() }).strict().nullable(),
  })
  .strict();
export type TModelCard = z.infer<typeof ZModelCard>;

export const ZUpdateModelCardRequest = z
  .object({
    markdown: zText()
      .max(
        MAX_MODEL_CARD_LENGTH,
        `A model card holds at most ${MAX_MODEL_CARD_LENGTH.toLocaleString("en")} characters.`,
      )
      .describe("The whole card, GitHub-flavoured markdown (raw HTML is not rendered)"),
  })
  .strict();
export type TUpdateModelCardRequest = z.infer<typeof ZUpdateModelCardRequest>;
