// Rendered answers of commands whose answer depends only on the content, the options and the language
// (`pure` commands), kept per isolate for the current content version. A fan base asks the same
// questions over and over (`/character baek`, `/episode 1`), and content changes only with a re-seed,
// so a repeated question skips building and rendering the answer. Answers are kept as UTF-8 bytes,
// ready to send.

export const ANSWER_CACHE_MAX = 256;

/**
 * The longest key an answer is kept under. A question as Discord or Slack sends it keys well within it
 * (a pure command's few options, its text ones at most 100 characters once trimmed); a longer key comes
 * from padding no client sends, and is not kept, so that 256 of them cannot fill the isolate's memory.
 */
export const ANSWER_KEY_MAX = 1_000;

export class AnswerCache<V = Uint8Array> {
  private version = "";
  // Each entry carries when it was last used. A hit only stamps it: moving it to the end of the Map on
  // every hit (delete and set) cost more than the lookup itself, and hits are the common case. The least
  // recently used entry is looked for only when one must go, on a miss that has just built an answer.
  private readonly entries = new Map<string, { value: V; used: number }>();
  private clock = 0;

  constructor(private readonly max = ANSWER_CACHE_MAX) {}

  get(version: string, key: string): V | undefined {
    if (version !== this.version) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.used = ++this.clock;
    return entry.value;
  }

  set(version: string, key: string, value: V): void {
    if (key.length > ANSWER_KEY_MAX) return;
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    this.entries.set(key, { value, used: ++this.clock });
    if (this.entries.size > this.max) this.entries.delete(this.leastRecentlyUsed());
  }

  get size(): number {
    return this.entries.size;
  }

  private leastRecentlyUsed(): string {
    let oldest = "";
    let used = Number.POSITIVE_INFINITY;
    for (const [key, entry] of this.entries)
      if (entry.used < used) {
        oldest = key;
        used = entry.used;
      }
    return oldest;
  }
}

/**
 * The cache key of an invocation: command, options in a stable order, the answer's language and the
 * client's (a list names the command as the asker's Discord client shows it: /인물 이름:백강혁 in a Korean
 * one, whatever the answer's language). Option names are ordered by code unit: any fixed order will do,
 * and localeCompare would run the collator on every request.
 */
export const answerKey = (command: string, options: Record<string, unknown>, locale: string, clientLocale = ""): string =>
  `${command}\u0000${locale}\u0000${clientLocale}\u0000${JSON.stringify(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;

/**
 * The cache key of a click on a pure command's button or menu: its id (which carries the language) and
 * the values chosen. Marked apart from a command's key and an autocomplete's, which begin otherwise.
 */
export const clickKey = (customId: string, values: readonly string[]): string =>
  `\u0001${customId}\u0000${values.join("\u0000")}`;
