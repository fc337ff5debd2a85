// A site's name, as a link to one of its pages is labelled: under a card's heading, in its sources and in the timeline.

/** What a host may start with that names no site of its own: the web and mobile forms, a feed's delivery host. */
const HOST_PREFIX = /^(www|m|prod-appfeeds)\./;

/**
 * The name of the site `url` is on: its host as the URL parser gives it (a name in another script in
 * punycode, an IPv6 address in brackets), without a prefix that names no site. It is plain text, which a
 * renderer escapes like any other. Undefined for what is no URL.
 */
export function siteName(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(HOST_PREFIX, "");
  } catch {
    return undefined;
  }
}
