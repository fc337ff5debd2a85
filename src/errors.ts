import type { Params, StringKey } from "./i18n/strings";

/** An expected failure the user can fix; the dispatcher answers it with an ephemeral hint in their language. */
export class UserError extends Error {
  constructor(
    readonly key: StringKey,
    readonly params: Params = {},
  ) {
    super(key);
    this.name = "UserError";
  }
}
