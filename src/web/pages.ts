// The web pages: home (GET /), privacy, terms, and the result of a Slack install. Plain HTML and CSS
// from Hono's html helper (which escapes every interpolated value), in four languages, no scripts and
// no outside requests.
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { characterCard } from "../../commands/character";
import { episodeCard } from "../../commands/episode";
import { COMMANDS } from "../../commands/index";
import { renewalTimeline } from "../../commands/renewal";
import type { InstallLinks } from "../command";
import type { NewsItem } from "../content/schema";
import type { Content } from "../content/store";
import { mainCharacters } from "../content/store";
import { LOCALES, type Locale } from "../i18n/locale";
import { slackInstallUrl } from "../install-hint";
import { markEvaluated } from "../lazy";
import { logError } from "../log";
import type { Reply } from "../reply";
import { replyCard } from "./cards";
import { type WebKey, w } from "./strings";
import { STYLE } from "./style";

markEvaluated("web/pages");

/** html`` is synchronous when nothing interpolated is a promise, as here. */
const sync = (value: HtmlEscapedString | Promise<HtmlEscapedString>) => value as HtmlEscapedString;

const paragraphs = (text: string) => text.split("\n\n").map((p) => html`<p>${p}</p>`);

function layout(locale: Locale, path: string, title: string, main: HtmlEscapedString): string {
  const switcher = LOCALES.map((l) =>
    l === locale
      ? html`<a href="${path}?lang=${l}" lang="${l}" hreflang="${l}" aria-current="true">${w(l, "lang.name")}</a>`
      : html`<a href="${path}?lang=${l}" lang="${l}" hreflang="${l}">${w(l, "lang.name")}</a>`,
  );
  return sync(html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${w(locale, "site.tagline")}">
<link rel="icon" href="data:,">
<style>${raw(STYLE)}</style>
</head>
<body>
<header><a class="brand" href="/?lang=${locale}">${w(locale, "site.title")}</a>
<nav aria-label="${w(locale, "nav.language")}">${switcher}</nav></header>
<main>${main}</main>
<footer><a href="/?lang=${locale}">${w(locale, "footer.home")}</a> &middot; <a href="/privacy?lang=${locale}">${w(locale, "footer.privacy")}</a> &middot; <a href="/terms?lang=${locale}">${w(locale, "footer.terms")}</a></footer>
</body>
</html>`).toString();
}

function addButton(href: string | undefined, label: string, note: string, kind: string, locale: Locale) {
  return href
    ? html`<li><a class="add ${kind}" href="${href}" data-install="${kind}">${label}</a><span>${note}</span></li>`
    : html`<li><span class="add ${kind} off" aria-disabled="true" data-install="${kind}">${label}</span><span>${w(locale, "add.unavailable")}</span></li>`;
}

/** The replies shown as examples: a character, an episode and the renewal timeline, from live content and published news. */
export function exampleReplies(content: Content, news: readonly NewsItem[], locale: Locale): Reply[] {
  const replies: Reply[] = [];
  const person = mainCharacters(content)[0] ?? content.characters[0];
  if (person) replies.push(characterCard(person, locale, content));
  const first = content.episodes[0];
  if (first) replies.push(episodeCard(first, locale, content));
  replies.push(renewalTimeline(content, news, locale));
  return replies;
}

/**
 * The examples, or undefined when the stored content cannot be drawn (a bundle an earlier release stored,
 * before a field the cards read, until the next seed; a published item of another shape): the page goes on
 * without them, its Add buttons whole, rather than answering a visitor with an error.
 */
function drawable<T>(draw: () => T): T | undefined {
  try {
    return draw();
  } catch (error) {
    logError("web.examples", error, {});
    return undefined;
  }
}

export function homePage(
  locale: Locale,
  links: InstallLinks,
  content: Content | undefined,
  news: readonly NewsItem[] = [],
): string {
  const examples =
    (content &&
      drawable(() =>
        exampleReplies(content, news, locale).map(
          (reply) =>
            html`<div class="pair">${raw(replyCard(reply, "discord", w(locale, "examples.discord")))}${raw(
              replyCard(reply, "slack", w(locale, "examples.slack")),
            )}</div>`,
        ),
      )) ||
    html`<p>${w(locale, "examples.unavailable")}</p>`;
  const commands = COMMANDS.map((command) => html`<li><code>/${command.name}</code> ${command.description[locale]}</li>`);
  // Under the commands, how to ask for a language: Discord has no Tagalog setting and Slack says none.
  const main = html`<h1>${w(locale, "site.title")}</h1>
<p class="lead">${w(locale, "site.tagline")}</p>
<section aria-labelledby="add"><h2 id="add">${w(locale, "add.title")}</h2>
<ul class="adds">
${addButton(links.discordServer, w(locale, "add.discordServer"), w(locale, "add.discordServerNote"), "discord-server", locale)}
${addButton(links.discordAccount, w(locale, "add.discordAccount"), w(locale, "add.discordAccountNote"), "discord-account", locale)}
${addButton(links.slack && slackInstallUrl(links.slack, locale), w(locale, "add.slack"), w(locale, "add.slackNote"), "slack", locale)}
</ul></section>
<section aria-labelledby="examples"><h2 id="examples">${w(locale, "examples.title")}</h2>
<p>${w(locale, "examples.note")}</p>
<div class="legend"><span>${w(locale, "examples.discord")}</span><span>${w(locale, "examples.slack")}</span></div>
${examples}</section>
<section aria-labelledby="commands"><h2 id="commands">${w(locale, "commands.title")}</h2><ul>${commands}</ul>
<p>${w(locale, "commands.language")}</p></section>
<section aria-labelledby="data"><h2 id="data">${w(locale, "data.title")}</h2><p>${w(locale, "data.text")}</p></section>`;
  return layout(locale, "/", w(locale, "site.title"), sync(main));
}

export function legalPage(locale: Locale, which: "privacy" | "terms"): string {
  const title = w(locale, `${which}.title`);
  const main = html`<h1>${title}</h1>${paragraphs(w(locale, `${which}.body`))}`;
  return layout(locale, `/${which}`, `${title} · ${w(locale, "site.title")}`, sync(main));
}

/** Longest address the 404 page's language switch links back to; a longer one switches on the home page. */
export const SWITCH_PATH_MAX = 512;

/**
 * The path the language switch of a page at `path` links to: the same path, so that a reader who switches
 * language stays where they were. A path that a browser would read as another host's (`//host`, `/\host`),
 * or an overlong one, gives the home page instead.
 */
const switchPath = (path: string): string =>
  path.startsWith("/") && !/^\/[/\\]/.test(path) && path.length <= SWITCH_PATH_MAX ? path : "/";

/** The page for an address that has none (`path`, as asked and still percent-encoded), linking home; its language switch stays on it. */
export function notFoundPage(locale: Locale, path = "/"): string {
  const title = w(locale, "notFound.title");
  const main = html`<h1>${title}</h1><p>${w(locale, "notFound.body")}</p><p><a href="/?lang=${locale}">${w(locale, "footer.home")}</a></p>`;
  return layout(locale, switchPath(path), `${title} · ${w(locale, "site.title")}`, sync(main));
}

/**
 * A one-message page (the end of a Slack install). `params` are escaped like everything else. `again`: the
 * address of an Add to Slack button under the message, for an install to be made again.
 */
export function messagePage(locale: Locale, key: WebKey, params: Record<string, string> = {}, again?: string): string {
  const title = w(locale, "install.title");
  const button = again
    ? html`<p><a class="add slack" href="${again}" data-install="slack">${w(locale, "add.slack")}</a></p>`
    : "";
  const main = html`<h1>${title}</h1><p class="message" data-result="${key}">${w(locale, key, params)}</p>${button}`;
  return layout(locale, "/", `${title} · ${w(locale, "site.title")}`, sync(main));
}
