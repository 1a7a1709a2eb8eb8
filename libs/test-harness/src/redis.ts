import Redis from 'ioredis';

/** The Redis server the cluster suite runs against: REDIS_URL, as `.ci/run` sets it. */
export function redisUrl(): string {
  const url = process.env['REDIS_URL'];
  if (!url) throw new Error('REDIS_URL is unset: the cluster suite needs a Redis server (see README)');
  return url;
}

/**
 * A Redis database number of its own (1–15, chosen at random), emptied first, so that a run
 * starts clean and leaves database 0 alone. Channels are server-wide: Lightbox names them with it.
 */
export async function freshRedisDatabase(): Promise<string> {
  const url = new URL(redisUrl());
  url.pathname = `/${1 + Math.floor(Math.random() * 15)}`;
  const client = new Redis(url.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    await client.flushdb();
  } finally {
    client.disconnect();
  }
  return url.toString();
}
