// Bolt evaluated at start-up: the Worker as it ships, with src/slack/bolt.ts imported statically, so
// importing the Worker pays for Bolt and the first Slack request does not.
import "../../src/slack/bolt";

export { default, Pacer } from "../../src/index";
