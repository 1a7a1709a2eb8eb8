import { REQUEST_ID_HEADER } from '@lightbox/auth-contracts';
import { RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/app-config';

const SECRET_FIELDS = [
  'password',
  'current_password',
  'new_password',
  'password_hash',
  'passwordHash',
  'refresh_token',
  'access_token',
  'key',
  'params',
];

/**
 * Fields that could carry a credential, wherever a log call might pass them (three levels deep).
 * Request headers never reach the log at all: the serializers below keep none.
 */
export const REDACTED_PATHS = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a caller's request id when it is sane (so traces join up across services), else makes one. */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

export function requestLogging(config: AppConfig, stream?: DestinationStream): Params {
  const pretty = config.nodeEnv === 'development' && !stream;
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: [
      {
        level: config.logLevel,
        // Fastify has already named the request (see createApp); pino-http reuses that id.
        serializers: {
          req: (req: { id: string; method: string; url: string; remoteAddress: string }) => ({
            id: req.id,
            method: req.method,
            // The path only: a query string is no place for credentials, but a client may put them there.
            url: req.url.split('?', 1)[0],
            remoteAddress: req.remoteAddress,
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
        // Health probes arrive every few seconds; logging them would drown the real traffic.
        autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
        ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
      },
      ...(stream ? [stream] : []),
    ] as Params['pinoHttp'],
  };
}
