import type { D1Migration } from "cloudflare:test";
import type { Secrets } from "../src/env";

// The test Worker's env: the generated bindings (worker-configuration.d.ts), the optional secrets, and
// what vitest.config.ts adds.
declare global {
  namespace Cloudflare {
    interface Env extends Secrets {
      TEST_MIGRATIONS: D1Migration[];
      FC_SEED: string;
    }
  }
}
