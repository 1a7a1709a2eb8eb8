import { z } from 'zod';
import {
  MAX_SHARE_LINK_LABEL_LENGTH,
  MAX_SHARE_LINK_PASSWORD_LENGTH,
  MIN_SHARE_LINK_PASSWORD_LENGTH,
  SHARE_ACCESS_ACTIONS,
  SHARE_LINK_DEFAULT_TTL_DAYS,
} from './album-rules';
import { AlbumSortSchema } from './albums';

const withoutNul = (text: string) => !text.includes('\0');

const LabelSchema = z
  .string()
  .trim()
  .max(MAX_SHARE_LINK_LABEL_LENGTH)
  .refine(withoutNul, 'Must not contain NUL characters.')
  .describe('To recognise the link by (who it was sent to); may be empty.')
  .meta({ examples: ['for grandma'] });

const LinkPasswordSchema = z
  .string()
  .min(MIN_SHARE_LINK_PASSWORD_LENGTH)
  .max(MAX_SHARE_LINK_PASSWORD_LENGTH)
  .refine(withoutNul, 'Must not contain NUL characters.')
  .meta({ format: 'password', description: `${MIN_SHARE_LINK_PASSWORD_LENGTH}–${MAX_SHARE_LINK_PASSWORD_LENGTH} characters, asked of every visitor.` });

const MaxViewsSchema = z.int().min(1).max(1_000_000).describe('How many times the link may be opened.');

export const ShareLinkStatusSchema = z
  .enum(['active', 'expired', 'revoked', 'view_limit_reached'])
  .meta({ id: 'ShareLinkStatus', description: 'Whether the link opens now, and if not, why.' });

export const ShareLinkTargetSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('album'), album_id: z.uuid(), title: z.string() }),
    z.strictObject({ kind: z.literal('image'), image_id: z.uuid(), title: z.string() }),
  ])
  .meta({ id: 'ShareLinkTarget', description: 'What the link opens: one album, or one image.' });

export const ShareLinkSchema = z
  .strictObject({
    id: z.uuid(),
    label: z.string(),
    prefix: z.string().describe('The first characters of the token, to tell links apart.').meta({ examples: ['lbs_7Hq2Xk9a'] }),
    target: ShareLinkTargetSchema,
    allow_download: z.boolean().describe('`true`: visitors may fetch the originals; else only the display renditions.'),
    has_password: z.boolean(),
    expires_at: z.iso.datetime().nullable().describe('`null`: it never expires.'),
    max_views: z.int().nullable().describe('`null`: no limit.'),
    views: z.int().min(0).describe('Times it has been opened.'),
    last_accessed_at: z.iso.datetime().nullable(),
    revoked_at: z.iso.datetime().nullable(),
    status: ShareLinkStatusSchema,
    created_by: z.strictObject({ id: z.uuid(), username: z.string() }),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'ShareLink', description: 'A link that opens one album or image to whoever holds it; its token is never shown again.' });

export const CreatedShareLinkSchema = ShareLinkSchema.extend({
  token: z.string().describe('Shown once, never stored: only its hash is kept.').meta({ examples: ['lbs_7Hq2Xk9aR4mW1pLzT8vB3nC6dF0gJ5sY2hKq9e'] }),
  url: z.url().describe('The visitor’s page: `<origin>/s/<token>`. Shown once.'),
}).meta({ id: 'CreatedShareLink', description: 'The new link, with its token and URL (shown this once).' });

export const CreateShareLinkRequestSchema = z
  .strictObject({
    label: LabelSchema.default(''),
    expires_at: z.iso
      .datetime()
      .nullable()
      .optional()
      .describe(`Leave out for ${SHARE_LINK_DEFAULT_TTL_DAYS} days from now; \`null\`: it never expires (say so explicitly).`),
    password: LinkPasswordSchema.optional(),
    allow_download: z.boolean().default(false),
    max_views: MaxViewsSchema.optional(),
  })
  .meta({ id: 'CreateShareLinkRequest', description: `Every field is optional: a link without a password, without downloads, expiring in ${SHARE_LINK_DEFAULT_TTL_DAYS} days.` });

export const UpdateShareLinkRequestSchema = z
  .strictObject({
    label: LabelSchema.optional(),
    expires_at: z.iso.datetime().nullable().optional().describe('`null`: it never expires.'),
    password: LinkPasswordSchema.nullable().optional().describe('A new password; `null` removes it.'),
    allow_download: z.boolean().optional(),
    max_views: MaxViewsSchema.nullable().optional().describe('`null`: no limit.'),
  })
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of label, expires_at, password, allow_download, max_views.')
  .meta({ id: 'UpdateShareLinkRequest', description: 'Takes effect at once, also for visitors who have the link open.' });

export const ShareLinkListQuerySchema = z.strictObject({
  album_id: z.uuid().optional().describe('Only the links of this album.'),
  image_id: z.uuid().optional().describe('Only the links of this image.'),
  cursor: z.string().max(200).optional().describe('`next_cursor` of the previous page, as it was given.'),
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Links per page.'),
});

export const ShareLinkPageSchema = z
  .strictObject({ items: z.array(ShareLinkSchema), next_cursor: z.string().nullable() })
  .meta({ id: 'ShareLinkPage', description: 'Newest first.' });

export const ShareAccessSchema = z
  .strictObject({
    at: z.iso.datetime(),
    action: z.enum(SHARE_ACCESS_ACTIONS).describe('`opened`: the link was exchanged; `viewed`: an image shown large; `downloaded`: an original.'),
    image_id: z.uuid().nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
  })
  .meta({ id: 'ShareAccess' });

export const ShareAccessPageSchema = z
  .strictObject({ items: z.array(ShareAccessSchema), next_cursor: z.string().nullable() })
  .meta({ id: 'ShareAccessPage', description: 'The link’s accesses, newest first.' });

export const ShareAccessListQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional().describe('`next_cursor` of the previous page, as it was given.'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Accesses per page.'),
});

export const OpenShareLinkRequestSchema = z
  .strictObject({
    token: z.string().min(1).max(200).describe('The token of the link (the last part of its URL).'),
    password: z.string().min(1).max(MAX_SHARE_LINK_PASSWORD_LENGTH).optional().meta({ format: 'password' }),
  })
  .meta({ id: 'OpenShareLinkRequest', description: 'A visitor opens a link: its token, and its password if it has one.' });

export const SharedContentSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('album'),
      album: z.strictObject({ id: z.uuid(), title: z.string(), description: z.string(), sort: AlbumSortSchema }),
    }),
    z.strictObject({ kind: z.literal('image'), image_id: z.uuid() }),
  ])
  .meta({ id: 'SharedContent', description: 'What the link opens.' });

export const ShareTokenResponseSchema = z
  .strictObject({
    share_token: z.string().describe('Send it as `X-Share-Token` to read what the link opens, and nothing else.'),
    expires_in: z.int().positive().describe('Seconds the share token lives; open the link again after.'),
    shared: SharedContentSchema,
    allow_download: z.boolean(),
    label: z.string(),
  })
  .meta({ id: 'ShareTokenResponse', description: 'A short-lived share token for one link.' });

export type ShareLink = z.infer<typeof ShareLinkSchema>;
export type ShareLinkStatus = z.infer<typeof ShareLinkStatusSchema>;
export type ShareLinkTarget = z.infer<typeof ShareLinkTargetSchema>;
export type CreatedShareLink = z.infer<typeof CreatedShareLinkSchema>;
export type CreateShareLinkRequest = z.input<typeof CreateShareLinkRequestSchema>;
export type UpdateShareLinkRequest = z.input<typeof UpdateShareLinkRequestSchema>;
export type ShareLinkListQuery = z.infer<typeof ShareLinkListQuerySchema>;
export type ShareLinkPage = z.infer<typeof ShareLinkPageSchema>;
export type ShareAccess = z.infer<typeof ShareAccessSchema>;
export type ShareAccessPage = z.infer<typeof ShareAccessPageSchema>;
export type ShareAccessListQuery = z.infer<typeof ShareAccessListQuerySchema>;
export type OpenShareLinkRequest = z.input<typeof OpenShareLinkRequestSchema>;
export type SharedContent = z.infer<typeof SharedContentSchema>;
export type ShareTokenResponse = z.infer<typeof ShareTokenResponseSchema>;
