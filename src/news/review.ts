// The review of found candidates: one message per candidate in the review channel(s), with buttons to
// publish it under a label, edit its wording, dismiss it, or withdraw it once published. Only
// reviewers may press them; every press is a guarded state change in D1, so it takes effect once.
//
// The buttons are this feature's components, one per verb, found by the router like a command's:
// ids `nr-<verb>:<candidate id>:en` (the review is in English), verbs official | author | report |
// rumor | edit | dismiss | withdraw. Posting review messages is src/news/review-post.ts.
import type { Click, CommandContext, CommandFacts, Component, ReviewAccess } from "../command";
import { componentId, staleButton } from "../command";
import type { NewsLabel } from "../content/schema";
import { WITHDRAWN_BY_REVIEWER } from "../delivery/policy";
import type { Env } from "../env";
import { REVIEW_PREFIX } from "../features";
import { LOCALES, type Locale } from "../i18n/locale";
import { markEvaluated } from "../lazy";
import { logError, logEvent } from "../log";
import type { PlatformName } from "../platform-name";
import {
  type Button,
  card,
  hint,
  inWords,
  type Markdown,
  type Mention,
  plainInMarkdown as md,
  type Reply,
  USER_IDS,
} from "../reply";
import { fitted } from "../text";
import { newsKey, newsWritten, publishNews, withdrawNews } from "../topics/renewal";
import { CANDIDATE_ID_LENGTH } from "./discover";
import { editForm } from "./modal";
import { firstReported, NeedsEnglish, newsIdOf, sourceHeadlines, storyDate, toNewsItem } from "./publish";
import { type Candidate, type Edits, linkOf, NewsStore, type Source } from "./store";

markEvaluated("news/review");
/** Review messages posted per cron tick at most (each is one request per platform). */
export const REVIEWS_PER_TICK = 3;

const PUBLISH_VERBS: Record<string, NewsLabel> = {
  official: "official",
  author: "author statement",
  report: "report",
  rumor: "rumor",
};
const VERBS = [...Object.keys(PUBLISH_VERBS), "edit", "dismiss", "withdraw"] as const;
type Verb = (typeof VERBS)[number];

const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", ko: "Korean", id: "Indonesian", tl: "Tagalog" };

/** The review language: reviewers read English, whatever the language of the story. */
const REVIEW_LOCALE: Locale = "en";

export const reviewId = (verb: Verb, candidateId: string): string =>
  componentId(`${REVIEW_PREFIX}${verb}`, REVIEW_LOCALE, candidateId);

const isCandidateId = (arg: string | undefined): arg is string =>
  arg !== undefined && arg.length === CANDIDATE_ID_LENGTH && /^[0-9a-f]+$/.test(arg);

/**
 * Who decided, by the id the decision stored: the id of the platform the button was pressed on (a Discord
 * snowflake, a Slack user id U… or W…), or "cli". The card goes to both review channels: each platform
 * shows its own reviewer as a mention, the other's in words.
 */
function decider(by: string): string | Mention {
  if (by === "cli") return "the command line";
  if (USER_IDS.discord.test(by)) return { kind: "mention", platform: "discord", userId: by, elsewhere: "a reviewer on Discord" };
  if (USER_IDS.slack.test(by)) return { kind: "mention", platform: "slack", userId: by, elsewhere: "a reviewer on Slack" };
  return "a reviewer";
}

/** What became of the candidate, and its id. */
function statusText(candidate: Candidate): Markdown {
  const who = candidate.decidedBy ? [" by ", decider(candidate.decidedBy)] : [];
  const status =
    candidate.state === "new"
      ? ["Found in the feeds; not verified. Publish only what the sources support, under the label that says who said it."]
      : candidate.state === "published"
        ? [`Published as **${candidate.label}**`, ...who, "."]
        : [candidate.state === "dismissed" ? "Dismissed" : "Withdrawn", ...who, "."];
  return [...status, `\nCandidate \`${candidate.id}\``];
}

/**
 * The card in brief (headline, link, status and id), as it goes when the platform refuses the full card:
 * unlike the full card, it does not change when the candidate gains a source or an edit, so a look for
 * it finds it by its text.
 */
export const reviewCardBrief = (candidate: Candidate): Reply =>
  card({ title: candidate.title, url: linkOf(candidate), text: statusText(candidate), controls: reviewControls(candidate) });

/** The reviewers' buttons for what may still be done with the candidate. */
function reviewControls(candidate: Candidate): Button[] {
  const controls: Button[] = [];
  if (candidate.state === "new") {
    for (const [verb, label] of Object.entries(PUBLISH_VERBS))
      controls.push({ kind: "button", label: `Publish as ${label}`, id: reviewId(verb as Verb, candidate.id), style: "primary" });
    controls.push({ kind: "button", label: "Edit", id: reviewId("edit", candidate.id), style: "secondary" });
    controls.push({ kind: "button", label: "Dismiss", id: reviewId("dismiss", candidate.id), style: "danger" });
  } else if (candidate.state === "published") {
    controls.push({ kind: "button", label: "Withdraw", id: reviewId("withdraw", candidate.id), style: "danger" });
  }
  return controls;
}

/** The review message: headline, outlet, language, sources, and what a reviewer can do now. */
export function reviewCard(candidate: Candidate, sources: readonly Source[]): Reply {
  const fields = [
    { name: "Outlet", value: md(candidate.outlet), inline: true },
    { name: "Language", value: LANGUAGE_NAMES[candidate.language], inline: true },
    { name: "Date", value: firstReported(candidate, sources), inline: true },
  ];
  if (candidate.edits?.title.en) fields.push({ name: "Title (edited)", value: md(candidate.edits.title.en), inline: false });
  if (candidate.edits?.summary.en)
    fields.push({ name: "Summary (edited)", value: md(candidate.edits.summary.en), inline: false });
  // The other languages' wording, one field each (its title in bold, then its summary), so that whoever
  // publishes sees what those readers get. A language given a summary alone shows no bold line.
  for (const locale of LOCALES.filter((l) => l !== "en")) {
    const title = candidate.edits?.title[locale];
    const summary = candidate.edits?.summary[locale];
    if (!title && !summary) continue;
    const value = [title ? `**${md(title)}**` : "", summary ? md(summary) : ""].filter(Boolean).join("\n");
    fields.push({ name: `${LANGUAGE_NAMES[locale]} (edited)`, value, inline: false });
  }
  // A language without a typed title gets a source's headline where one is in it: shown too, since the
  // sources below are named only by their outlets.
  for (const [locale, headline] of Object.entries(sourceHeadlines(candidate, sources)))
    fields.push({ name: `${LANGUAGE_NAMES[locale as Locale]} title (a source's headline)`, value: md(headline), inline: false });
  return card({
    title: candidate.title,
    url: linkOf(candidate),
    text: statusText(candidate),
    fields,
    sources: {
      label: "Sources",
      links: sources.map((s) => ({
        label: `${s.outlet} (${LANGUAGE_NAMES[s.language]}, ${storyDate(s.publishedAt, s)})`,
        url: linkOf(s),
      })),
    },
    controls: reviewControls(candidate),
  });
}

/** Who may press: REVIEWER_IDS, or on Discord a member with Manage Server pressing in the review channel. */
export function isReviewer(facts: CommandFacts, access: ReviewAccess): boolean {
  if (facts.userId && access.reviewerIds.includes(facts.userId)) return true;
  return (
    facts.platform === "discord" &&
    facts.canManageServer === true &&
    !!access.reviewDiscordChannelId &&
    facts.channelId === access.reviewDiscordChannelId
  );
}

/**
 * Reviewer wording from the Edit form, in order: English title, English summary, then "title\nsummary" for
 * ko, id, tl. A box whose first line is empty gives a summary alone: the language keeps its outlet's
 * headline as its title, and the summary is not taken for one.
 */
export const editsFrom = (values: readonly string[]): Edits | undefined => readEdits(values).edits;

const TITLE_MAX = 256;
const SUMMARY_MAX = 1000;

/** editsFrom's wording, and what of it was cut to fit (a title past 256 characters, a summary past 1,000), by name. */
function readEdits(values: readonly string[]): { edits?: Edits; cut: string[] } {
  const cut: string[] = [];
  const within = (text: string, max: number, name: string) => {
    if (text.length > max) cut.push(`${name} (${max.toLocaleString("en")} characters at most)`);
    // Between characters: half of an emoji is no text at all, stored, shown on the card and published.
    return fitted(text, max);
  };
  const [titleEn = "", summaryEn = "", ...others] = values;
  if (!titleEn.trim() || !summaryEn.trim()) return { cut };
  const edits: Edits = {
    title: { en: within(titleEn.trim(), TITLE_MAX, "English title") },
    summary: { en: within(summaryEn.trim(), SUMMARY_MAX, "English summary") },
  };
  LOCALES.filter((l) => l !== "en").forEach((locale, index) => {
    // Only the box's end is trimmed before its first line is read: its start says whether a title is given.
    const [title = "", ...summary] = (others[index] ?? "").trimEnd().split("\n");
    if (title.trim()) edits.title[locale] = within(title.trim(), TITLE_MAX, `${LANGUAGE_NAMES[locale]} title`);
    if (summary.join(" ").trim())
      edits.summary[locale] = within(summary.join(" ").trim(), SUMMARY_MAX, `${LANGUAGE_NAMES[locale]} summary`);
  });
  return { edits, cut };
}

export type ReviewVerb = Verb;

/**
 * The card pressed was drawn before the candidate's latest source joined it (see ReviewMessage.sources): it
 * may lack a link, or the headline a language's readers would be published. A card recorded with no count
 * (before sources were counted, or by a press) counts as drawn before any source joined: it is held back
 * once one has, until a redraw records the count it shows.
 */
function cardBehindSources(candidate: Candidate, pressed: { platform: PlatformName; messageId: string }): boolean {
  const card = candidate.reviewMessages[pressed.platform];
  return card?.messageId === pressed.messageId && (card.sources ?? 0) < candidate.sourcesAdded;
}

/**
 * The change a verb asks for, made once: the same code serves the buttons and the command line.
 * Returns a sentence for the person who asked and the candidate as it is now.
 */
export async function applyReview(
  env: Pick<Env, "DB">,
  verb: Verb,
  candidateId: string,
  by: string,
  {
    values = [],
    now = Date.now(),
    startDelivery,
    pressed,
  }: {
    values?: readonly string[];
    now?: number;
    startDelivery?: (messageKey: string) => Promise<void>;
    /** The review card pressed, when a button was: a Publish is refused on a card that does not show every source. */
    pressed?: { platform: PlatformName; messageId: string };
  } = {},
): Promise<{ ok: boolean; message: string; candidate: Candidate | null; stale?: boolean; cardBehind?: boolean }> {
  const store = new NewsStore(env.DB);
  // Delivery of a published item starts now; should the queue refuse, the next cron tick plans it
  // (planning is idempotent).
  const deliverNow = (itemId: string) =>
    startDelivery?.(newsKey(itemId)).catch((error) => logError("news.start_delivery", error, { item: itemId }));
  const candidate = await store.candidate(candidateId);
  if (!candidate) return { ok: false, message: `No candidate \`${candidateId}\`.`, candidate: null };
  // The press came from a card that no longer shows the candidate's state: it is redrawn as it stands.
  const taken = (c: Candidate | null) => ({
    ok: false,
    stale: true,
    // In words: the sentence is also printed by the command line, where no mention shows.
    message: `Nothing changed: this candidate is already ${c?.state ?? "gone"}${c?.decidedBy ? ` (by ${inWords([decider(c.decidedBy)])})` : ""}.`,
    candidate: c,
  });
  const label = PUBLISH_VERBS[verb];
  if (label && candidate.state === "new" && pressed && cardBehindSources(candidate, pressed))
    return {
      ok: false,
      cardBehind: true,
      message:
        "A source joined this story after this card was drawn; nothing was published. The card is being redrawn with it: check it and press again.",
      candidate,
    };
  if (label) {
    let item: ReturnType<typeof toNewsItem>;
    const sources = await store.sources(candidateId);
    try {
      item = toNewsItem(candidate, label, sources);
    } catch (error) {
      // Decided already: the card is behind, whatever the wording lacks.
      if (error instanceof NeedsEnglish && candidate.state !== "new" && candidate.state !== "published") return taken(candidate);
      if (error instanceof NeedsEnglish)
        return {
          ok: false,
          message:
            "This headline is not in English: press Edit (or `npm run news -- edit`) to give an English title and summary first.",
          candidate,
        };
      throw error;
    }
    // The same story published already, by hand (data/news.json) or from another candidate, while this card
    // waited: a second item would reach every channel again, under another id.
    const already =
      candidate.state === "new" ? await store.publishedWith([candidate.url, ...sources.map((s) => s.url)], item.id) : null;
    if (already)
      return {
        ok: false,
        message: `Nothing was published: this story is published already as \`${already}\` (they share a link). Dismiss this candidate, or withdraw that item first.`,
        candidate,
      };
    const decision = await store.decide(candidateId, "new", "published", by, now, {
      label,
      newsId: item.id,
      edits: candidate.edits,
      sourcesAdded: candidate.sourcesAdded,
    });
    if (!decision.changed && decision.candidate?.state === "new")
      return {
        ok: false,
        message: `${decision.candidate.sourcesAdded !== candidate.sourcesAdded ? "A source joined this story" : "The wording was edited"} while you pressed; nothing was published. Check the review message and press again.`,
        candidate: decision.candidate,
      };
    if (!decision.changed) {
      const current = decision.candidate;
      // A press that died between the state change and the publishing left the candidate published and
      // nothing in D1: publishing is idempotent, so any later press finishes what it started.
      if (current?.state === "published" && current.label) {
        const finished = await publishNews(env, toNewsItem(current, current.label, await store.sources(candidateId)), now).catch(
          (error) => {
            logError("news.publish_failed", error, { candidate: candidateId });
            return false;
          },
        );
        if (finished) {
          await deliverNow(newsIdOf(current));
          // This press wrote it: it published, and the card behind it is redrawn.
          return { ok: true, message: `Published as ${current.label}.`, candidate: current };
        }
      }
      return taken(current);
    }
    try {
      // Recorded in D1 and frozen as the message subscribers get.
      await publishNews(env, item, now);
    } catch (error) {
      logError("news.publish_failed", error, { candidate: candidateId });
      // D1 may have written the item and lost only its answer: then it is published, with this label,
      // and the candidate must say so (put back to `new`, another press could not change the label the
      // item went out with, nor withdraw it). Only an item surely not written lets the candidate go back.
      const written = await newsWritten(env, item.id).catch(() => undefined);
      if (written === false) {
        await store.revert(candidateId, "published", "new", now);
        return { ok: false, message: "Publishing failed; nothing was published. Try again in a minute.", candidate };
      }
      if (written === undefined)
        return {
          ok: false,
          message: `Publishing as ${label} did not finish: press Publish again in a minute to finish it.`,
          candidate: decision.candidate,
        };
    }
    // A Withdraw pressed while this was writing changed the state first and found nothing to withdraw:
    // the item written since must go too, and nothing is delivered.
    const after = await store.candidate(candidateId);
    if (after?.state === "withdrawn") {
      await withdrawNews(env, item.id, WITHDRAWN_BY_REVIEWER, now);
      return taken(after);
    }
    logEvent("news.published", { candidate: candidateId, item: item.id, label, by });
    await deliverNow(item.id);
    return { ok: true, message: `Published as ${label}.`, candidate: decision.candidate };
  }
  switch (verb) {
    case "dismiss": {
      const decision = await store.decide(candidateId, "new", "dismissed", by, now);
      return decision.changed ? { ok: true, message: "Dismissed.", candidate: decision.candidate } : taken(decision.candidate);
    }
    case "withdraw": {
      const decision = await store.decide(candidateId, "published", "withdrawn", by, now);
      const current = decision.candidate;
      // As for publishing: a withdrawal that died after the state change is finished by pressing again
      // (withdrawing is idempotent).
      if (current?.state !== "withdrawn") return taken(current);
      await withdrawNews(env, current.newsId ?? newsIdOf(current), WITHDRAWN_BY_REVIEWER, now);
      if (!decision.changed) return taken(current);
      logEvent("news.withdrawn", { candidate: candidateId, by });
      return { ok: true, message: "Withdrawn.", candidate: decision.candidate };
    }
    case "edit": {
      const { edits, cut } = readEdits(values);
      if (!edits) return { ok: false, message: "An English title and summary are required.", candidate };
      const edited = await store.setEdits(candidateId, edits);
      // The form takes a language's title and summary in one box, longer than both may be: what was cut is said.
      const fitted = cut.length ? ` Cut to fit: ${cut.join(", ")}. Check it on the card before publishing.` : "";
      if (edited) return { ok: true, message: `Wording saved.${fitted}`, candidate: edited };
      // The form's wording is lost with a redraw: the reviewer is told, privately, that it was not saved.
      const decided = taken(await store.candidate(candidateId));
      return { ...decided, stale: false, message: `Your wording was not saved. ${decided.message}` };
    }
    default:
      return { ok: false, message: "Unknown review action.", candidate };
  }
}

/**
 * The card pressed, in its platform's review channel, is there: recorded as that platform's card where none
 * is yet (see NewsStore.cardPressed). A post whose answer was lost would otherwise be looked for, by what it
 * showed when posted; a press's answer replaces the card with what the look cannot match (on Discord,
 * components instead of the embed it reads), and past Discord's nonce memory, not found, it would be posted
 * again. Whoever pressed: only the bot's own message carries its buttons.
 */
async function recordPressedCard(candidateId: string, facts: CommandFacts, access: ReviewAccess): Promise<void> {
  const channelId = facts.platform === "discord" ? access.reviewDiscordChannelId : access.reviewSlackChannelId;
  if (!facts.messageId || !channelId || facts.channelId !== channelId) return;
  const recorded = await new NewsStore(access.db).cardPressed(candidateId, facts.platform, {
    channelId,
    messageId: facts.messageId,
  });
  if (recorded) logEvent("news.review_post", { candidate: candidateId, platform: facts.platform, outcome: "pressed" });
}

/**
 * A press on a review button (or the Edit form sent back). Non-reviewers get an ephemeral refusal;
 * a press that changes the candidate replaces the review message with its new state.
 */
async function reviewClick(verb: Verb, { arg, values, facts }: Click, ctx: CommandContext): Promise<Reply> {
  if (!isCandidateId(arg)) return staleButton();
  const access = ctx.review;
  await recordPressedCard(arg, facts, access).catch((error) => logError("news.review_card_record", error, { candidate: arg }));
  if (!isReviewer(facts, access)) {
    logEvent("news.review_refused", { candidate: arg, verb, user: facts.userId });
    return hint("Only reviewers can publish, edit, dismiss or withdraw news candidates.");
  }
  const env = { DB: access.db };
  if (verb === "edit" && !values.length) {
    const store = new NewsStore(access.db);
    const candidate = await store.candidate(arg);
    // A card behind a decision made elsewhere (its redraw not landed yet) still offers Edit: no wording can be
    // saved now, so it is redrawn as the candidate stands, as a press of its other buttons redraws it.
    if (candidate && candidate.state !== "new") return { ...reviewCard(candidate, await store.sources(arg)), replace: true };
    const cli = hint(`Give the wording with \`npm run news -- edit ${arg} --title "…" --summary "…"\`.`);
    // Discord opens the form; Slack cannot without a views.open call, so there the hint is the answer.
    return candidate ? { ...cli, form: editForm(candidate, reviewId("edit", arg)) } : cli;
  }
  const pressed = facts.messageId ? { platform: facts.platform, messageId: facts.messageId } : undefined;
  const result = await applyReview(env, verb, arg, facts.userId ?? "unknown", {
    values,
    startDelivery: access.startDelivery,
    pressed,
  });
  // Should the queue refuse, the next news round redraws them.
  if (result.ok || result.cardBehind)
    await access.redrawCards?.().catch((error) => logError("news.review_redraw_failed", error, { candidate: arg }));
  // A card behind the candidate's state (another reviewer pressed first, or a press that did not finish
  // left it so) is redrawn as the candidate stands, with the buttons that state has.
  if ((!result.ok && !result.stale) || !result.candidate) return hint(result.message);
  const sources = await new NewsStore(access.db).sources(result.candidate.id);
  return { ...reviewCard(result.candidate, sources), replace: true };
}

/** The review buttons, one component per verb. */
export const REVIEW_COMPONENTS: readonly Component[] = VERBS.map((verb) => ({
  prefix: `${REVIEW_PREFIX}${verb}`,
  run: (click, ctx) => reviewClick(verb, click, ctx),
}));
