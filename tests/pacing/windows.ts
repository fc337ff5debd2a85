// Counting requests in sliding windows, as a rate limiter that Discord runs would.

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
