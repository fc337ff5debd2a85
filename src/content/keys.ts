// Every Workers KV key the bot uses, in one place.

/** The whole validated content bundle (show, characters, episodes, news, inspirations) as JSON. */
export const CONTENT_BUNDLE_KEY = "content:bundle:v1";
