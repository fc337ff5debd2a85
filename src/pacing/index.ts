// Shared pacing for outbound posts: one budget per (platform, token, route) across every consumer.
// Until the Durable Object limiter is in place this grants every slot at once.
import type { Env } from "../env";
import type { PlatformName } from "../platform";

export interface PaceKey {
  platform: PlatformName;
  token: string;
  route: string;
}

/** Reserves `count` sends; per slot, the milliseconds to wait before sending. One call per batch. */
export async function reserve(_env: Env, _key: PaceKey, count: number): Promise<number[]> {
  return Array.from({ length: count }, () => 0);
}

/** Tells the limiter what the platform answered (status and rate-limit headers). */
export async function observe(_env: Env, _key: PaceKey, _status: number, _headers: Headers): Promise<void> {}
