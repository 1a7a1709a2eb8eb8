import { z } from 'zod';
import { noNul } from './auth';
import { DEFAULT_VISIBILITY, IMAGE_CONTENT_TYPES, MAX_TAGS_PER_IMAGE, MAX_TITLE_LENGTH, VISIBILITIES } from './image-rules';

export const VisibilitySchema = z.enum(VISIBILITIES).meta({
  id: 'Visibility',
  description: 'Who sees an image: `public` for everyone, `private` for users with `images:read`.',
});

/** Tags are compared as written, so they are kept in one form: trimmed, lower case, letters, digits and dashes. */
export const TagSchema = z
  .string()
  .trim()
  .normalize('NFC')
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}-]{0,39}$/u, 'Use 1–40 letters, digits or dashes, starting with a letter or digit.')
  .meta({ description: '1–40 letters, digits or dashes, starting with a letter or digit; kept in lower case.', examples: ['sea'] });

export const TitleSchema = z
  .string()
  .trim()
  .max(MAX_TITLE_LENGTH)
  .refine((value) => !value.includes('\0'), 'Must not contain NUL characters.')
  .meta({ description: 'Free text; may be empty.', examples: ['Low tide at Saint-Malo'] });

export const TagsSchema = z
  .array(TagSchema)
  .max(MAX_TAGS_PER_IMAGE)
  .transform((tags) => [...new Set(tags)])
  .describe(`At most ${MAX_TAGS_PER_IMAGE}; repeats are dropped.`);

export const ExifSchema = z
  .strictObject({
    camera: z.string().nullable().describe('Make and model, as the camera wrote them.').meta({ examples: ['FUJIFILM X-T4'] }),
    lens: z.string().nullable().meta({ examples: ['XF16-80mmF4 R OIS WR'] }),
    exposure_seconds: z.number().positive().nullable().describe('Shutter time in seconds.').meta({ examples: [0.004] }),
    f_number: z.number().positive().nullable().meta({ examples: [5.6] }),
    iso: z.int().positive().nullable().meta({ examples: [160] }),
    focal_length_mm: z.number().positive().nullable().meta({ examples: [23] }),
    taken_at: z.iso
      .datetime({ local: true, offset: true })
      .nullable()
      .describe('When the photo was taken, as the camera recorded it: local time, with its offset when the camera wrote one.')
      .meta({ examples: ['2024-07-14T18:03:12'] }),
    has_location: z.boolean().describe('The file records where it was taken.'),
    location: z
      .strictObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
      .nullable()
      .describe('Where it was taken: only when the owner has chosen to show it (`location_shown`), otherwise `null`.'),
  })
  .meta({ id: 'Exif', description: 'What the camera recorded in the file (EXIF), read once at upload.' });

export const ImageSchema = z
  .strictObject({
    id: z.uuid(),
    title: z.string().describe('May be empty.').meta({ examples: ['Low tide at Saint-Malo'] }),
    tags: z.array(z.string()).describe('In lower case, in the order given.').meta({ examples: [['sea', 'summer']] }),
    visibility: VisibilitySchema,
    content_type: z.enum(IMAGE_CONTENT_TYPES).describe('The format of the original, read from its bytes.'),
    width: z.int().positive().describe('Pixels.').meta({ examples: [4032] }),
    height: z.int().positive().describe('Pixels.').meta({ examples: [3024] }),
    size_bytes: z.int().positive().describe('Size of the original file.').meta({ examples: [2483120] }),
    exif: ExifSchema.nullable().describe('`null` when the file records none (or was uploaded before they were read).'),
    location_shown: z.boolean().describe("Whether `exif.location` is shown: the owner's choice per image, off by default."),
    owner: z
      .strictObject({ id: z.uuid(), username: z.string().meta({ examples: ['alice'] }) })
      .describe('The user who uploaded it.'),
    created_at: z.iso.datetime().describe('When it was uploaded.'),
    updated_at: z.iso.datetime().describe('When its title, tags or visibility last changed.'),
  })
  .meta({ id: 'Image', description: 'An uploaded image: its details, not its bytes (see `/file` and `/thumbnail`).' });

export const ImageListQuerySchema = z.strictObject({
  tag: TagSchema.optional().describe('Only images with this tag.'),
  q: noNul(100).optional().describe('Only images whose title contains this text (any case).'),
  cursor: z.string().max(200).optional().describe('`next_cursor` of the previous page, as it was given.'),
  limit: z.coerce.number().int().min(1).max(100).default(24).describe('Images per page.'),
});

export const ImagePageSchema = z
  .strictObject({
    items: z.array(ImageSchema),
    next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; `null` on the last page.'),
  })
  .meta({ id: 'ImagePage', description: 'One page of images, newest first.' });

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
    .meta({
      description: `Comma-separated, as a form carries only text (elsewhere \`tags\` is an array): at most ${MAX_TAGS_PER_IMAGE} tags.`,
      examples: ['sea, summer'],
    }),
  visibility: VisibilitySchema.default(DEFAULT_VISIBILITY),
});

export const UpdateImageRequestSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    tags: TagsSchema.optional().describe(`Replaces all the tags: at most ${MAX_TAGS_PER_IMAGE}.`),
    visibility: VisibilitySchema.optional(),
    location_shown: z.boolean().optional().describe('Show where the photo was taken, when its file records it.'),
  })
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of title, tags, visibility, location_shown.')
  .meta({ id: 'UpdateImageRequest', description: 'At least one field; the others stay as they are.' });

export const TagCountSchema = z
  .strictObject({ name: z.string().describe('The tag.').meta({ examples: ['sea'] }), count: z.int().positive().describe('Images with this tag that you can see.') })
  .meta({ id: 'TagCount' });
export const TagCountListSchema = z.array(TagCountSchema).meta({ id: 'TagCountList', description: 'Most used first.' });

export type Image = z.infer<typeof ImageSchema>;
export type Exif = z.infer<typeof ExifSchema>;
export type ImageListQuery = z.infer<typeof ImageListQuerySchema>;
export type ImagePage = z.infer<typeof ImagePageSchema>;
export type UploadImageFields = z.infer<typeof UploadImageFieldsSchema>;
/** The text parts as a client sends them: `tags` still one comma-separated string. */
export type UploadImageForm = z.input<typeof UploadImageFieldsSchema>;
export type UpdateImageRequest = z.input<typeof UpdateImageRequestSchema>;
export type TagCount = z.infer<typeof TagCountSchema>;
