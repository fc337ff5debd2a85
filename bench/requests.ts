// One fresh process measuring CPU per request (bench/run.ts starts several and takes the medians):
// the shipped Workers, the floor, the least Worker and the peers, loaded in process, every scenario
// in turn. Prints the figures as JSON.
// tsx bench/requests.ts <settings.json>
// The bundles import `cloudflare:workers`; Node loads them through this stand-in.
import "./cloudflare-shim.mjs";
import { readFileSync, writeFileSync } from "node:fs";
import {
  benchEnv,
  CHARACTER,
  CHARACTER_ANSWER_FILE,
  FLOOR,
  LEAST,
  LEAST_FOR,
  measureCpu,
  type RequestSettings,
  runner,
  SLACK,
  type Worker,
} from "./cpu";
import { type SignedRequest, scenarios } from "./lib";

/**
 * Every peer gives the bot's exact /character answer, or the comparison would mean nothing. Returns the
 * bot's answer as it is sent, for the least Worker to send.
 */
async function checkPeersAnswerAlike(bot: Worker, peers: Record<string, Worker>, env: unknown): Promise<Uint8Array> {
  const request = scenarios("http://bench.local")[CHARACTER];
  if (!request) throw new Error("no /character scenario");
  const bytes = async (worker: Worker) => new Uint8Array(await runner(worker, request, env)());
  const answer = async (worker: Worker) => JSON.stringify(JSON.parse(new TextDecoder().decode(await bytes(worker))));
  const expected = await answer(bot);
  for (const [name, peer] of Object.entries(peers)) {
    const got = await answer(peer);
    if (got !== expected) throw new Error(`peer ${name} answers /character differently:\n${got}\nvs\n${expected}`);
  }
  return bytes(bot);
}

/** The Slack scenario goes through Bolt and gets a real answer, not a fallback. */
async function checkSlackAnswers(bot: Worker, request: SignedRequest, env: unknown) {
  const answer = JSON.parse(new TextDecoder().decode(await runner(bot, request, env)())) as { blocks?: unknown[] };
  if (!answer.blocks?.length) throw new Error(`Slack answered without blocks: ${JSON.stringify(answer)}`);
}

const settings = JSON.parse(readFileSync(process.argv[2] as string, "utf8")) as RequestSettings;
const env = benchEnv(readFileSync(settings.contentFile, "utf8"));
const write = process.stdout.write.bind(process.stdout);
console.log = () => {};
const load = async (file: string) => (await import(file)).default as Worker;
const { floor, least, ...peerFiles } = settings.small;
const bot = await load(settings.front);
const slackBot = await load(settings.back);
const peers: Record<string, Worker> = {};
for (const [name, file] of Object.entries(peerFiles)) peers[name] = await load(file);
const characterAnswer = await checkPeersAnswerAlike(bot, peers, env);
// For the least Worker in workerd (bench/workerd.ts).
writeFileSync(CHARACTER_ANSWER_FILE, characterAnswer);
const all = scenarios("http://bench.local");
await checkSlackAnswers(slackBot, all[SLACK] as SignedRequest, env);
const character = all[CHARACTER] as SignedRequest;
const runners: Record<string, () => Promise<unknown>> = {
  [FLOOR]: runner(await load(floor as string), character, env),
  [LEAST]: runner(await load(least as string), character, { ...env, ANSWER: characterAnswer }),
};
for (const [name, request] of Object.entries(all)) runners[name] = runner(name === SLACK ? slackBot : bot, request, env);
// The least Worker sending the bot's own answer to each of the other scenarios that have a target.
for (const [name, least] of Object.entries(LEAST_FOR)) {
  const request = all[name];
  if (!request || least === LEAST) continue;
  const answer = new Uint8Array(await runner(bot, request, env)());
  runners[least] = runner(await load(settings.small.least as string), request, { ...env, ANSWER: answer });
}
for (const [name, peer] of Object.entries(peers)) runners[`peer: ${name} ${CHARACTER}`] = runner(peer, character, env);
write(`${JSON.stringify(await measureCpu(runners, FLOOR, { iterations: settings.iterations }))}\n`);
