import type { INestApplication } from '@nestjs/common';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OPENAPI_DOCUMENT_PATH } from './openapi-document';

const SWAGGER_UI_PATH = 'api/docs';
const A11Y_PATH = `/${SWAGGER_UI_PATH}/lightbox-a11y.js`;

/** Swagger UI's own greens and blues on white fall short of WCAG AA (4.5:1); these pass. */
const SWAGGER_UI_CSS = `
.swagger-ui .info .title small.version-stamp { background-color: #3f6b00; }
.swagger-ui a, .swagger-ui .info a { color: #1a56b8; }
.swagger-ui .btn.authorize { color: #1f7a4d; border-color: #1f7a4d; }
.swagger-ui .btn.authorize svg { fill: #1f7a4d; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1f5f99; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #1d6b45; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #8a4f00; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #7a4a00; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #b02a2a; }
.swagger-ui .parameter__in, .swagger-ui .json-schema-2020-12-expand-deep-button { color: #505050; }
.swagger-ui .renderedMarkdown code { color: #5b1a9e; }
.swagger-ui .microlight span { color: #f2f2f2 !important; }
.swagger-ui .response-control-media-type--accept-controller .response-control-media-type__accept-message,
.swagger-ui .response-control-media-type--accept-controller .response-control-media-type__accept-message code { color: #1d6b45; }
`;

/**
 * What Swagger UI's markup leaves out and no option or style can give (axe): a name for its server,
 * example and parameter pickers (select-name) and for each operation's responses region
 * (landmark-unique), headings below the title one level up, as it skips h2 (heading-order),
 * landmarks for what lies outside its own (region), and a tab stop on each example, which scrolls
 * when long (scrollable-region-focusable). Applied again as operations open; served as a
 * file, because the CSP rightly refuses inline scripts.
 */
const A11Y_SCRIPT = `(() => {
  const name = (selector, label) => {
    for (const element of document.querySelectorAll(selector + ':not([aria-label])')) element.setAttribute('aria-label', label(element));
  };
  const fix = () => {
    for (const [selector, label] of [['.information-container', 'About this API'], ['.schemes-server-container', 'Server and authorization']]) {
      const region = document.querySelector(selector + ':not([role])');
      region?.setAttribute('role', 'region');
      region?.setAttribute('aria-label', label);
    }
    name('select#servers', () => 'Server');
    name('select.examples-select-element', () => 'Example');
    name('tr[data-param-name] select', (select) => select.closest('tr').getAttribute('data-param-name'));
    name('table.responses-table', (table) => {
      const summary = table.closest('.opblock')?.querySelector('.opblock-summary');
      const method = summary?.querySelector('.opblock-summary-method')?.textContent ?? '';
      const path = summary?.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
      return 'Responses of ' + method + ' ' + path;
    });
    // An example too long for its box scrolls, so a keyboard must be able to reach it (scrollable-region-focusable).
    for (const code of document.querySelectorAll('.highlight-code > .microlight:not([tabindex])')) code.setAttribute('tabindex', '0');
    for (const heading of document.querySelectorAll('#swagger-ui :is(h3, h4, h5, h6):not([aria-level])')) {
      heading.setAttribute('aria-level', String(Number(heading.tagName[1]) - 1));
    }
  };
  new MutationObserver(fix).observe(document.documentElement, { childList: true, subtree: true });
})();
`;

/**
 * Swagger UI at /api/docs over `document`. Deep links are off: they put a link inside each
 * operation's toggle button, which a screen reader cannot reach (axe: nested-interactive).
 */
export function setUpSwaggerUi(app: INestApplication, document: OpenAPIObject): void {
  app.getHttpAdapter().get(A11Y_PATH, (_request: unknown, reply: FastifyReply) => reply.type('text/javascript; charset=utf-8').send(A11Y_SCRIPT));
  SwaggerModule.setup(SWAGGER_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_DOCUMENT_PATH,
    raw: ['json'],
    customCss: SWAGGER_UI_CSS,
    customJs: A11Y_PATH,
    swaggerOptions: { persistAuthorization: false, deepLinking: false },
  });
}
