// Checks on Slack mrkdwn as the renderer writes it, shared by the tests of its sections.

/** Raw `<` and `>` in mrkdwn are only ever links' and mentions' own (text has them as entities): each opened is closed. */
export const balanced = (text: string) => {
  let open = false;
  for (const c of text) {
    if (c === "<") {
      if (open) return false;
      open = true;
    } else if (c === ">") {
      if (!open) return false;
      open = false;
    }
  }
  return !open;
};

/** The text without its spaces and the zero-width spaces that keep marks apart: what a cut must not lose. */
export const squeezed = (text: string) => text.replace(/[\s\u200b]+/g, "");
