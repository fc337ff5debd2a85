// Stands in for modules @slack/bolt requires at load time but never calls in this Worker: Express and
// raw-body (its Node HTTP receivers), Socket Mode with undici (WebSocket receiver), jsonwebtoken (OAuth
// state), and the Node built-ins only those receivers, Bolt's own signature check and file uploads use
// (node:http, node:https, node:crypto, node:fs, node:stream). Bolt only touches them inside code we do not
// run: its receivers, request verification (ours is src/slack/verify.ts) and file uploads. Aliased in
// wrangler.toml and vitest.config.ts; Bolt's version is pinned because this leans on its internals.
//
// Requiring this module is harmless; using anything from it throws, so a change that starts to need one
// of these modules fails loudly (tests/slack/lazy-bolt.test.ts) instead of misbehaving.
const harmless = new Set(["__esModule", "default", "then", "toJSON"]);

module.exports = new Proxy(
  {},
  {
    get(_target, property) {
      if (typeof property === "symbol" || harmless.has(property)) return undefined;
      throw new Error(`"${property}" was used from a module this Worker replaces with an empty one (wrangler.toml [alias])`);
    },
  },
);
