import { REQUEST_ID_HEADER, SECRET_PAGE_PATHS } from '@lightbox/auth-contracts';
import { RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { type DestinationStream, type LoggerOptions, stdSerializers } from 'pino';
import type { AppConfig } from '../config/app-config';

const SECRET_FIELDS = new Set([
  'password',
  'current_password',
  'new_password',
  'password_hash',
  'passwordHash',
  'refresh_token',
  'access_token',
  'key',
  'params',
]);
const CENSOR = '[Redacted]';
/** The object a log call passes and two levels below it. */
const CENSORED_DEPTH = 3;

/**
 * `object` with every credential field censored: a copy of what holds one, the object itself
 * otherwise (the common case, so that a request's log line copies nothing). Plain objects and
 * arrays are walked; requests and responses are not, as their serializers below keep no
 * secret, and errors are censored once serialized. pino's own `redact` did this with one
 * wildcard path per field and level, at ten times a whole log line's cost.
 */
export function censored<T extends object>(object: T, depth = CENSORED_DEPTH): T {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const value = (object as Record<string, unknown>)[key];
    const safe = SECRET_FIELDS.has(key) ? CENSOR : depth > 1 && isWalked(value) ? censored(value, depth - 1) : value;
    if (safe !== value) (copy ??= (Array.isArray(object) ? [...object] : { ...object }) as Record<string, unknown>)[key] = safe;
  }
  return (copy ?? object) as T;
}

function isWalked(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null || Array.isArray(value);
}

/** What every log line goes through, whoever writes it: credential fields never reach the log. */
export const CENSORING = {
  formatters: { log: (object: Record<string, unknown>) => censored(object) },
  serializers: { err: (error: Error) => censored(stdSerializers.err(error)) },
} satisfies LoggerOptions;

const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a caller's request id when it is sane (so traces join up across services), else makes one. */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The path only (a query string is no place for credentials, but a client may put them there),
 * with a share or join page's token masked: that path is the link's secret.
 */
export function loggedPath(url: string): string {
  const path = url.split('?', 1)[0];
  const secret = SECRET_PAGE_PATHS.find((page) => path.startsWith(page));
  return secret ? `${secret}${CENSOR}` : path;
}

export function requestLogging(config: AppConfig, stream?: DestinationStream): Params {
  const pretty = config.nodeEnv === 'development' && !stream;
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: [
      {
        level: config.logLevel,
        // Fastify has already named the request (see createApp); pino-http reuses that id.
        formatters: CENSORING.formatters,
        serializers: {
          ...CENSORING.serializers,
          req: (req: { id: string; method: string; url: string; remoteAddress: string }) => ({
            id: req.id,
            method: req.method,
            url: loggedPath(req.url),
            remoteAddress: req.remoteAddress,
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        // Health probes arrive every few seconds; logging them would drown the real traffic.
        autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
        ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
      },
      ...(stream ? [stream] : []),
    ] as Params['pinoHttp'],
  };
}
