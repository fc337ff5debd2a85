// The Edit form of a review message, as a Discord modal (interaction response type 9). Slack has no
// form in reply to a click without a views.open call, so there Edit points to the command line.
import type { Candidate } from "./store";

/** Discord's limits for a modal: title 45 characters, label 45, 5 rows of one text input each. */
export const MODAL_TITLE_MAX = 45;

export interface ReviewModal {
  kind: "modal";
  id: string;
  title: string;
  inputs: { id: string; label: string; paragraph: boolean; required: boolean; max: number; value?: string }[];
}

export const isReviewModal = (value: unknown): value is ReviewModal => (value as ReviewModal | null)?.kind === "modal";

/** The form: English title and summary (required), then "title" and "summary" lines for ko, id, tl. */
export function editModal(candidate: Candidate, id: string): ReviewModal {
  const edits = candidate.edits;
  const other = (l: "ko" | "id" | "tl") => [edits?.title[l], edits?.summary[l]].filter(Boolean).join("\n") || undefined;
  return {
    kind: "modal",
    id,
    title: "Edit before publishing",
    inputs: [
      { id: "title_en", label: "English title", paragraph: false, required: true, max: 256, value: edits?.title.en },
      { id: "summary_en", label: "English summary", paragraph: true, required: true, max: 1000, value: edits?.summary.en },
      {
        id: "ko",
        label: "Korean: title, then summary (optional)",
        paragraph: true,
        required: false,
        max: 1300,
        value: other("ko"),
      },
      {
        id: "id",
        label: "Indonesian: title, then summary (optional)",
        paragraph: true,
        required: false,
        max: 1300,
        value: other("id"),
      },
      {
        id: "tl",
        label: "Tagalog: title, then summary (optional)",
        paragraph: true,
        required: false,
        max: 1300,
        value: other("tl"),
      },
    ],
  };
}

/** Discord's modal response. */
export function toDiscordModal(modal: ReviewModal) {
  return {
    type: 9,
    data: {
      custom_id: modal.id,
      title: modal.title.slice(0, MODAL_TITLE_MAX),
      components: modal.inputs.map((input) => ({
        type: 1,
        components: [
          {
            type: 4,
            custom_id: input.id,
            label: input.label.slice(0, 45),
            style: input.paragraph ? 2 : 1,
            required: input.required,
            max_length: input.max,
            ...(input.value ? { value: input.value.slice(0, input.max) } : {}),
          },
        ],
      })),
    },
  };
}
