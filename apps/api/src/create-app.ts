import { REQUEST_ID_HEADER } from '@lightbox/auth-contracts';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { HttpException } from '@nestjs/common';
import helmet from 'helmet';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { rawProblemResponse, sendProblem } from './http/problem-details.filter';
import { requestId } from './http/request-logging';
import { hasSpa, serveSpa } from './http/spa';
import { multipartLimits } from './images/multipart-upload';
import { OpenApiDocumentFactory } from './openapi/openapi-document';
import { setUpSwaggerUi } from './openapi/swagger-ui';

/**
 * Security headers, built once: @fastify/helmet rebuilds helmet's middleware (and re-parses the
 * CSP) on every request, which the benchmark's profile showed on the hot path.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Angular inserts component styles at run time.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      // Lightbox is often reached over plain http on a home network; upgrading would break it.
      upgradeInsecureRequests: null,
    },
  },
});

/** JSON bodies are small here; uploads are multipart and have their own limit (MAX_UPLOAD_MB). */
const JSON_BODY_LIMIT = 256 * 1024;

export interface CreateAppOptions extends AppModuleOptions {
  /** The built SPA (index.html and assets); served from `/` when present. */
  webRoot?: string;
}

/** Builds the whole application, ready to `listen()` or to be driven by supertest. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: JSON_BODY_LIMIT,
    requestIdHeader: false,
    genReqId: requestId,
    // Shutting down, Fastify would answer keep-alive requests with its own 503 body; let them finish.
    return503OnClosing: false,
    // Errors Fastify raises before routing (a malformed URL, say) get the same problem+json.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(reply, new HttpException(error.message, error.statusCode ?? 400)),
    clientErrorHandler: (error, socket) => {
      if (socket.writable) socket.end(rawProblemResponse((error as { code?: string }).code === 'HPE_HEADER_OVERFLOW' ? 431 : 400));
      else socket.destroy(error);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      securityHeaders(request.raw, reply.raw, done as (error?: unknown) => void);
    });
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/ready'] });
  await app.register(cookie);
  await app.register(multipart, { limits: multipartLimits(config.maxUploadBytes), throwFileSizeLimit: true });
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: [...config.corsOrigins], credentials: true, maxAge: 600 });
  }
  const document = app.get(OpenApiDocumentFactory).create(app);
  setUpSwaggerUi(app, document);
  if (hasSpa(options.webRoot)) await serveSpa(app, options.webRoot);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
