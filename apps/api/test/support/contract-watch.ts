import { OpenApiResponses, readCommittedDocument, type ReceivedResponse } from '@lightbox/test-harness';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Unknown routes are probed on purpose here; everything the document has is checked. */
let contract: OpenApiResponses | undefined;

/**
 * Holds every answer `server` gives to the committed OpenAPI document, so that each HTTP test
 * also proves its statuses, codes and bodies are documented. Violations are collected, not
 * thrown, because they happen inside the server; `violations()` reports them.
 */
export function watchContract(server: Server): { violations(): string[] } {
  contract ??= new OpenApiResponses(readCommittedDocument(), { undocumented: 'ignore' });
  const found: string[] = [];
  // Before Fastify's own listener, so that every byte it writes passes through.
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) =>
    recordAnswer(request, response, (answer) => {
      try {
        contract?.check(answer);
      } catch (error) {
        found.push((error as Error).message);
      }
    }),
  );
  return { violations: () => [...found] };
}

function recordAnswer(request: IncomingMessage, response: ServerResponse, done: (answer: ReceivedResponse) => void): void {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
  };
  // Fastify may pass its headers to writeHead alone, where getHeader() never sees them.
  let contentType: string | null = null;
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  response.writeHead = ((...args: unknown[]) => {
    const headers = args.find((arg): arg is Record<string, unknown> => typeof arg === 'object' && arg !== null);
    const named = headers && Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type');
    if (named) contentType = String(named[1]);
    return writeHead(...args);
  }) as ServerResponse['writeHead'];
  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  response.once('finish', () => {
    const header = response.getHeader('content-type');
    contentType ??= typeof header === 'string' ? header : null;
    done({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      status: response.statusCode,
      contentType,
      body: contentType?.includes('json') ? Buffer.concat(chunks).toString('utf8') : undefined,
    });
  });
}
