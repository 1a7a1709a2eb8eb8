import { createFreshDatabase, FreshDatabase } from '@lightbox/test-harness';
import { once } from 'node:events';
import { createConnection, createServer, Server, Socket } from 'node:net';
import { openPostgres } from '../../src/database/open-database';
import { startTestApp, TestApp } from '../support/test-app';

/** A TCP relay in front of PostgreSQL that the test can cut and restore, like a network outage. */
class Relay {
  port = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens (on the same port as before, after a cut). */
  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Drops every connection and stops listening. */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

describe('readiness against PostgreSQL', () => {
  let fresh: FreshDatabase;
  let relay: Relay;
  let t: TestApp;

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    const target = new URL(fresh.url);
    relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
    await relay.open();
    const viaRelay = new URL(fresh.url);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(relay.port);
    t = await startTestApp({ database: await openPostgres(viaRelay.toString(), () => undefined) });
  });

  afterAll(async () => {
    await t.close();
    await relay.cut();
    await fresh.drop();
  });

  it('answers 200, then 503 while the database is unreachable, then 200 again when it returns', async () => {
    await t.http.get('/health/ready').expect(200);

    await relay.cut();
    const down = await t.http.get('/health/ready').expect(503);
    expect(down.body.code).toBe('service_unavailable');
    await t.http.get('/health').expect(200);

    await relay.open();
    await t.http.get('/health/ready').expect(200);
  });
});
