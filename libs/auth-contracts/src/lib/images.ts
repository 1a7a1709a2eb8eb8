import { z } from 'zod';
import { noNul } from './auth';
import { DEFAULT_VISIBILITY, IMAGE_CONTENT_TYPES, MAX_TAGS_PER_IMAGE, MAX_TITLE_LENGTH, VISIBILITIES } from './image-rules';

/** Tags are compared as written, so they are kept in one form: trimmed, lower case, letters, digits and dashes. */
export const TagSchema = z
  .string()
  .trim()
  .normalize('NFC')
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}-]{0,39}$/u, 'Use 1–40 letters, digits or dashes, starting with a letter or digit.');

export const TitleSchema = z
  .string()
  .trim()
  .max(MAX_TITLE_LENGTH)
  .refine((value) => !value.includes('\0'), 'Must not contain NUL characters.');

export const TagsSchema = z
  .array(TagSchema)
  .max(MAX_TAGS_PER_IMAGE)
  .transform((tags) => [...new Set(tags)]);

export const ImageSchema = z.strictObject({
  id: z.uuid(),
  title: z.string(),
  tags: z.array(z.string()),
  visibility: z.enum(VISIBILITIES),
  content_type: z.enum(IMAGE_CONTENT_TYPES),
  width: z.number().int(),
  height: z.number().int(),
  size_bytes: z.number().int(),
  owner: z.strictObject({ id: z.uuid(), username: z.string() }),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const ImageListQuerySchema = z.strictObject({
  tag: TagSchema.optional(),
  q: noNul(100).optional(),
  /** `next_cursor` of the previous page, as it was given. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
});

export const ImagePageSchema = z.strictObject({
  items: z.array(ImageSchema),
  next_cursor: z.string().nullable(),
});

/**
 * The text parts of an upload. A multipart form carries strings only, so `tags` is a
 * comma-separated list here (`"sea, summer"`), an array everywhere else.
 */
export const UploadImageFieldsSchema = z.strictObject({
  title: TitleSchema.default(''),
  tags: z
    .string()
    .max(1000)
    .default('')
    .transform((list) => list.split(',').map((tag) => tag.trim()).filter(Boolean))
    .pipe(TagsSchema)
    .describe('Comma-separated: "sea, summer".'),
  visibility: z.enum(VISIBILITIES).default(DEFAULT_VISIBILITY),
});

export const UpdateImageRequestSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    tags: TagsSchema.optional(),
    visibility: z.enum(VISIBILITIES).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of title, tags, visibility.');

export const TagCountSchema = z.strictObject({ name: z.string(), count: z.number().int() });
export const TagCountListSchema = z.array(TagCountSchema);

export type Image = z.infer<typeof ImageSchema>;
export type ImageListQuery = z.infer<typeof ImageListQuerySchema>;
export type ImagePage = z.infer<typeof ImagePageSchema>;
export type UploadImageFields = z.infer<typeof UploadImageFieldsSchema>;
/** The text parts as a client sends them: `tags` still one comma-separated string. */
export type UploadImageForm = z.input<typeof UploadImageFieldsSchema>;
export type UpdateImageRequest = z.input<typeof UpdateImageRequestSchema>;
export type TagCount = z.infer<typeof TagCountSchema>;
