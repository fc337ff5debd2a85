// Counting requests in sliding windows, as a rate limiter that Discord runs would, and the bucket headers
// its answers carry.

/** The most timestamps in any window of `ms` (half-open, starting at one of them). */
export function busiestWindow(times: number[], ms = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[j] as number) <= (sorted[i] as number) - ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** A route bucket's headers, 5 requests a window, as Discord's answers carry them (`extra`: Retry-After, the scope). */
export const bucketHeaders = (remaining: number, resetAfter: string, bucket = "abcd", extra: Record<string, string> = {}) =>
  new Headers({
    "x-ratelimit-bucket": bucket,
    "x-ratelimit-limit": "5",
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset-after": resetAfter,
    ...extra,
  });
