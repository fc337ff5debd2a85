// Signs requests the way Discord does, with an Ed25519 key pair made here, and sends them to the Worker.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { DiscordComponentJson, DiscordInteractionResponse } from "../../src/discord/render";
import worker from "../../src/index";

const toHex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
export const DISCORD_PUBLIC_KEY = toHex((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);

const other = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;

export const discordEnv = () => ({ ...env, DISCORD_PUBLIC_KEY });

export async function signDiscord(body: string, timestamp: string, key: CryptoKey = pair.privateKey): Promise<string> {
  const data = new TextEncoder().encode(timestamp + body);
  return toHex(await crypto.subtle.sign({ name: "Ed25519" }, key, data));
}

export const now = () => String(Math.floor(Date.now() / 1000));

export interface SendOptions {
  timestamp?: string;
  signature?: string | null;
  /** Sign with a key Discord's public key does not match. */
  wrongKey?: boolean;
  headers?: Record<string, string>;
  /** Bindings to replace for this request (a failing database, say). */
  env?: Record<string, unknown>;
  /** The path posted to, when not the interactions endpoint's own. */
  path?: string;
}

export async function sendRaw(body: string, options: SendOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? now();
  const signature =
    options.signature === undefined
      ? await signDiscord(body, timestamp, options.wrongKey ? other.privateKey : pair.privateKey)
      : options.signature;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-signature-timestamp": timestamp,
    ...options.headers,
  };
  if (signature !== null) headers["x-signature-ed25519"] = signature;
  const request = new Request(`https://bot.test${options.path ?? "/discord/interactions"}`, { method: "POST", headers, body });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...discordEnv(), ...options.env } as typeof env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

export const send = (interaction: unknown, options?: SendOptions) => sendRaw(JSON.stringify(interaction), options);

type Option = { name: string; type: number; value: unknown; focused?: boolean };

/** A guild slash-command interaction as Discord sends it. */
export function slash(name: string, options: Option[] = [], extra: Record<string, unknown> = {}) {
  return {
    id: "200000000000000001",
    application_id: "100000000000000001",
    type: 2,
    token: "interaction-token",
    version: 1,
    locale: "en-US",
    guild_id: "300000000000000001",
    guild_locale: "en-US",
    channel_id: "400000000000000001",
    member: { user: { id: "500000000000000001", username: "fan" }, permissions: "0" },
    app_permissions: "2251799813685247",
    data: { id: "600000000000000001", name, type: 1, options },
    ...extra,
  };
}

/** An interaction sent and answered with HTTP 200 (the body is shown when it is not), as its JSON. */
export async function ask(interaction: unknown): Promise<DiscordReply> {
  const response = await send(interaction);
  const body = await response.text();
  expect(response.status, body).toBe(200);
  return JSON.parse(body) as DiscordReply;
}

/** A click as Discord sends it: the same signed endpoint, type 3; a menu's choice when `values` is given. */
export function click(customId: string, values?: string[], extra: Record<string, unknown> = {}) {
  return {
    ...slash("x", [], extra),
    type: 3,
    message: { id: "m1", content: "" },
    data: { custom_id: customId, component_type: values ? 3 : 2, ...(values ? { values } : {}) },
  };
}

export const str = (name: string, value: unknown, focused?: boolean): Option => ({
  name,
  type: 3,
  value,
  ...(focused ? { focused } : {}),
});
export const int = (name: string, value: unknown): Option => ({ name, type: 4, value });

export function autocomplete(name: string, options: Option[], extra: Record<string, unknown> = {}) {
  return { ...slash(name, options, extra), type: 4 };
}

export type DiscordReply = DiscordInteractionResponse;

/** Every component of a Components V2 message, nested ones included, in reading order. */
export function v2Components(data: { components?: unknown[] }): V2Component[] {
  const out: V2Component[] = [];
  const walk = (list: unknown[] | undefined) => {
    for (const c of (list ?? []) as V2Component[]) {
      out.push(c);
      walk(c.components);
      if (c.accessory) out.push(c.accessory);
    }
  };
  walk(data.components);
  return out;
}

export type V2Component = DiscordComponentJson;

/** All the text of a reply, for assertions about what a fan reads: content, embeds or V2 text displays. */
export function textOf(reply: DiscordReply): string {
  const { content = "", embeds = [] } = reply.data;
  return [
    content,
    ...embeds.flatMap((e) => [
      e.title ?? "",
      e.description ?? "",
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text ?? "",
    ]),
    ...v2Components(reply.data as { components?: unknown[] }).flatMap((c) => (c.type === 10 ? [c.content ?? ""] : [])),
  ].join("\n");
}

/** Whether only the asker sees the answer (the EPHEMERAL flag, whatever other flags it carries). */
export const isPrivate = (reply: DiscordReply): boolean => ((reply.data.flags ?? 0) & 64) !== 0;

/** The title of a card: an embed's title, or the "## " heading of a V2 message (a linked title unwrapped). */
export function titleOf(reply: DiscordReply): string | undefined {
  if (reply.data.embeds?.[0]) return reply.data.embeds[0].title;
  const heading = v2Components(reply.data as { components?: unknown[] }).find((c) => c.type === 10)?.content;
  return heading?.startsWith("## ") ? heading.slice(3).replace(/^\[(.*)\]\((\S+)\)$/, "$1") : undefined;
}

/** Buttons and menus of a reply, wherever they sit (action rows, V1 or inside a V2 container; section accessories). */
export function controlsOf(reply: DiscordReply): V2Component[] {
  return v2Components(reply.data as { components?: unknown[] }).filter((c) => c.type === 2 || c.type === 3);
}
