// The Edit form of a review message: English title and summary (required), then "title" and "summary"
// lines for ko, id, tl. Discord shows it as a modal; its answer comes back to the Edit button's component.
import type { Form } from "../reply";
import type { Candidate } from "./store";

/** The form, filled with the wording saved so far. */
export function editForm(candidate: Candidate, id: string): Form {
  const edits = candidate.edits;
  // A summary given without a title keeps its empty first line, so that the form sent back unchanged saves it
  // as a summary again, not as the title.
  const other = (l: "ko" | "id" | "tl") =>
    edits?.summary[l] ? `${edits.title[l] ?? ""}\n${edits.summary[l]}` : edits?.title[l] || undefined;
  const optional = (l: "ko" | "id" | "tl", language: string) => ({
    id: l,
    label: `${language}: title, then summary (optional)`,
    paragraph: true,
    required: false,
    max: 1300,
    value: other(l),
  });
  return {
    id,
    title: "Edit before publishing",
    inputs: [
      { id: "title_en", label: "English title", paragraph: false, required: true, max: 256, value: edits?.title.en },
      { id: "summary_en", label: "English summary", paragraph: true, required: true, max: 1000, value: edits?.summary.en },
      optional("ko", "Korean"),
      optional("id", "Indonesian"),
      optional("tl", "Tagalog"),
    ],
  };
}
