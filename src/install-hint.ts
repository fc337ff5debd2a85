// What a Slack workspace without a working installation is told, by the Slack route and by commands alike.
import type { Locale } from "./i18n/locale";
import { t } from "./i18n/strings";

/**
 * The deployment's Slack install link (from installLinks) in the asker's language: the page the install
 * comes back to speaks it.
 */
export const slackInstallUrl = (url: string, locale: Locale): string => `${url}?lang=${locale}`;

/**
 * Where to install the app (`url`, the deployment's Slack link from installLinks), or, where there is
 * none, that this deployment takes no new workspaces.
 */
export const slackInstallHint = (locale: Locale, url: string | undefined): string =>
  url ? t(locale, "slack.notInstalled", { url: slackInstallUrl(url, locale) }) : t(locale, "slack.noInstall");
