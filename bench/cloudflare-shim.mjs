// The Worker bundle imports `cloudflare:workers` (the Durable Object base class), which only workerd
// provides. Importing this file first lets Node load the bundle for the in-process measurements: the
// class is a stand-in, and nothing measured there reaches a Durable Object.
import { registerHooks } from "node:module";

const STAND_IN = `export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }
export class WorkerEntrypoint { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }
export const env = {};`;

registerHooks({
  resolve(specifier, context, next) {
    if (specifier === "cloudflare:workers")
      return { url: `data:text/javascript,${encodeURIComponent(STAND_IN)}`, shortCircuit: true };
    return next(specifier, context);
  },
});
