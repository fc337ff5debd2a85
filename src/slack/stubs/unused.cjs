// Stands in for modules @slack/bolt requires at load time but never calls in this Worker: Express and
// raw-body (its Node HTTP receivers), Socket Mode with undici (WebSocket receiver) and jsonwebtoken
// (OAuth state). Bolt only touches them inside receivers we do not construct. Aliased in wrangler.toml
// and vitest.config.ts; Bolt's version is pinned because this leans on its internals.
module.exports = {};
