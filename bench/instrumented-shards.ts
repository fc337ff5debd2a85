// The bench's extra queues (see QUEUE_SHARDS in bench/fanout.ts): their bindings' names, and a producer
// that spreads what one send holds over the real queue and them, round robin.

export const SHARD_BINDING_PREFIX = "ANNOUNCEMENTS_SHARD_";

type Producer = Pick<Queue, "send" | "sendBatch">;

export function shardedQueue(env: Record<string, unknown>, main: Producer): Producer {
  const shards = [
    main,
    ...Object.keys(env)
      .filter((name) => name.startsWith(SHARD_BINDING_PREFIX))
      .sort()
      .map((name) => env[name] as Producer),
  ];
  let next = 0;
  const pick = () => shards[next++ % shards.length] as Producer;
  return {
    send: (body: unknown, options?: QueueSendOptions) => pick().send(body, options),
    async sendBatch(messages: Iterable<MessageSendRequest>, options?: QueueSendBatchOptions) {
      const parts = shards.map(() => [] as MessageSendRequest[]);
      for (const m of messages) parts[next++ % shards.length]?.push(m);
      const sent = await Promise.all(parts.map((part, i) => (part.length ? shards[i]?.sendBatch(part, options) : undefined)));
      return sent.find((r) => r !== undefined);
    },
  } as unknown as Producer;
}
