// The Worker bundle imports `cloudflare:workers` (the Durable Object base class), which only workerd
// provides. Importing this file first lets Node load the bundle for the in-process measurements: the
// class is a stand-in, and nothing measured there reaches a Durable Object. Its `env` is
// globalThis.__workerEnv, which bench/startup.mjs fills before importing a bundle, as workerd's is filled
// before a Worker's start-up.
import { registerHooks } from "node:module";

const STAND_IN = `export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }
export class WorkerEntrypoint { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }
export const env = (globalThis.__workerEnv ??= {});`;

registerHooks({
  resolve(specifier, context, next) {
    if (specifier === "cloudflare:workers")
      return { url: `data:text/javascript,${encodeURIComponent(STAND_IN)}`, shortCircuit: true };
    return next(specifier, context);
  },
});
