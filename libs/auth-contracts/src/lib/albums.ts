import { z } from 'zod';
import { ALBUM_SORTS, MAX_ALBUM_DESCRIPTION_LENGTH, MAX_ALBUM_IMAGES_PER_REQUEST, MAX_ALBUM_TITLE_LENGTH } from './album-rules';
import { VisibilitySchema } from './images';

const CursorSchema = z.string().max(200).optional().describe('`next_cursor` of the previous page, as it was given.');
const LimitSchema = z.coerce.number().int().min(1).max(100).default(24);
const NextCursorSchema = z.string().nullable().describe('Pass as `cursor` for the next page; `null` on the last page.');

const withoutNul = (text: string) => !text.includes('\0');

export const AlbumSortSchema = z.enum(ALBUM_SORTS).meta({
  id: 'AlbumSort',
  description: '`manual`: as arranged (new images at the end); `newest` / `oldest`: by upload date.',
});

const AlbumTitleSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_ALBUM_TITLE_LENGTH)
  .refine(withoutNul, 'Must not contain NUL characters.')
  .meta({ examples: ['Brittany, summer 2026'] });

const AlbumDescriptionSchema = z
  .string()
  .trim()
  .max(MAX_ALBUM_DESCRIPTION_LENGTH)
  .refine(withoutNul, 'Must not contain NUL characters.')
  .describe('Free text; may be empty.');

export const AlbumVisibilitySchema = VisibilitySchema.describe(
  '`public`: visitors see the album and its public images (never its private ones); `private`: users with `images:read` and its owner.',
);

export const AlbumSchema = z
  .strictObject({
    id: z.uuid(),
    title: z.string().meta({ examples: ['Brittany, summer 2026'] }),
    description: z.string().describe('May be empty.'),
    visibility: VisibilitySchema,
    sort: AlbumSortSchema,
    cover_image_id: z
      .uuid()
      .nullable()
      .describe('The cover you may see: the one chosen if it is visible to you, else the first image; `null` for an album you see empty.'),
    image_count: z.int().min(0).describe('Images in it that you may see.'),
    owner: z.strictObject({ id: z.uuid(), username: z.string().meta({ examples: ['alice'] }) }).describe('Who made it.'),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime().describe('When its details or contents last changed.'),
  })
  .meta({ id: 'Album', description: 'An album: an arrangement of images. Deleting it deletes no image.' });

export const AlbumPageSchema = z
  .strictObject({ items: z.array(AlbumSchema), next_cursor: NextCursorSchema })
  .meta({ id: 'AlbumPage', description: 'One page of albums, newest first.' });

export const AlbumListQuerySchema = z.strictObject({ cursor: CursorSchema, limit: LimitSchema.describe('Albums per page.') });

export const AlbumImagesQuerySchema = z.strictObject({ cursor: CursorSchema, limit: LimitSchema.describe('Images per page.') });

export const CreateAlbumRequestSchema = z
  .strictObject({
    title: AlbumTitleSchema,
    description: AlbumDescriptionSchema.default(''),
    visibility: AlbumVisibilitySchema.default('private'),
    sort: AlbumSortSchema.default('manual'),
  })
  .meta({ id: 'CreateAlbumRequest', description: 'A new, empty album: private and arranged by hand unless said.' });

export const UpdateAlbumRequestSchema = z
  .strictObject({
    title: AlbumTitleSchema.optional(),
    description: AlbumDescriptionSchema.optional(),
    visibility: AlbumVisibilitySchema.optional(),
    sort: AlbumSortSchema.optional(),
    cover_image_id: z.uuid().nullable().optional().describe('An image in the album; `null`: the first image is the cover.'),
  })
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of title, description, visibility, sort, cover_image_id.')
  .meta({ id: 'UpdateAlbumRequest', description: 'At least one field; the others stay as they are.' });

export const AlbumImagesRequestSchema = z
  .strictObject({
    image_ids: z
      .array(z.uuid())
      .min(1)
      .max(MAX_ALBUM_IMAGES_PER_REQUEST)
      .transform((ids) => [...new Set(ids)])
      .describe(`1–${MAX_ALBUM_IMAGES_PER_REQUEST} image ids; repeats are dropped.`),
  })
  .meta({ id: 'AlbumImagesRequest', description: 'Images to add (at the end, in this order) or remove; either is idempotent.' });

export const AlbumOrderRequestSchema = z
  .strictObject({
    image_ids: z
      .array(z.uuid())
      .min(1)
      .max(MAX_ALBUM_IMAGES_PER_REQUEST)
      .refine((ids) => new Set(ids).size === ids.length, 'List each image once.')
      .describe('Images of the album in their new order; those not listed follow, in the order they had.'),
  })
  .meta({ id: 'AlbumOrderRequest', description: 'A new manual order.' });

export type Album = z.infer<typeof AlbumSchema>;
export type AlbumPage = z.infer<typeof AlbumPageSchema>;
export type AlbumListQuery = z.infer<typeof AlbumListQuerySchema>;
export type AlbumImagesQuery = z.infer<typeof AlbumImagesQuerySchema>;
export type CreateAlbumRequest = z.input<typeof CreateAlbumRequestSchema>;
export type UpdateAlbumRequest = z.input<typeof UpdateAlbumRequestSchema>;
export type AlbumImagesRequest = z.input<typeof AlbumImagesRequestSchema>;
export type AlbumOrderRequest = z.input<typeof AlbumOrderRequestSchema>;
