import { sql } from 'drizzle-orm';
import { ALBUM_SORTS, AMR_VALUES, AUDIT_ACTIONS, DEFAULT_API_KEY_RATE_LIMIT, type Exif, IMAGE_CONTENT_TYPES, ROLES, SCOPES, SHARE_ACCESS_ACTIONS, VISIBILITIES } from '@lightbox/auth-contracts';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    active: boolean('active').notNull().default(true),
    /** Bumped on password change, deactivation and "log out everywhere": older access tokens die. */
    tokenVersion: integer('token_version').notNull().default(0),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('users_username_lower_key').on(sql`lower(${table.username})`),
    // At most one owner: the partial unique index makes a second owner impossible, even under a race.
    uniqueIndex('users_single_owner_key').on(table.role).where(sql`${table.role} = 'owner'`),
    check('users_role_check', sql`${table.role} in ('owner', 'admin', 'editor', 'viewer')`),
  ],
);

export type UserRow = typeof users.$inferSelect;

/** A refresh-token family: one login on one device. Rotation never extends `expires_at`. */
export const refreshSessions = pgTable(
  'refresh_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    userAgent: text('user_agent'),
    ip: text('ip'),
    /** When the person last proved who they are in this session (login or step-up): `auth_time`. */
    authenticatedAt: timestamp('authenticated_at', { withTimezone: true }).notNull().defaultNow(),
    /** How they did (RFC 8176): `amr`. */
    amr: text('amr', { enum: AMR_VALUES }).array().notNull().default(sql`'{pwd}'::text[]`),
  },
  (table) => [index('refresh_sessions_user_idx').on(table.userId)],
);

/** Every refresh token ever issued, as SHA-256; `used_at` set means rotated (presenting it again is reuse). */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => refreshSessions.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [index('refresh_tokens_session_idx').on(table.sessionId)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    outcome: text('outcome', { enum: ['success', 'failure'] }).notNull(),
    /** Who acted, as it was then: a username, or `api_key:<prefix>`; null for an anonymous attempt. */
    actor: text('actor'),
    target: text('target'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (table) => [
    index('audit_events_at_idx').on(table.at.desc(), table.id.desc()),
    index('audit_events_action_idx').on(table.action, table.at.desc()),
  ],
);

/** API keys: only the SHA-256 of the whole key is kept. A future `revoked_at` is a rotation's grace end. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes', { enum: SCOPES }).array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    rotatedFrom: uuid('rotated_from'),
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(DEFAULT_API_KEY_RATE_LIMIT),
  },
  (table) => [uniqueIndex('api_keys_key_hash_key').on(table.keyHash), index('api_keys_user_idx').on(table.userId)],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type RefreshSessionRow = typeof refreshSessions.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;

/**
 * What the camera recorded, as read at upload (images/exif.ts): the contract's `Exif` with the
 * location always kept, as the file has it; the API shows it only when `location_shown`.
 */
export type RecordedExif = Omit<Exif, 'has_location'>;

/** An image's bytes live in `DATA_DIR/images/<id>` and its thumbnail beside it; the row says what they are. */
export const images = pgTable(
  'images',
  {
    id: uuid('id').primaryKey(),
    // A user who still owns images cannot be deleted: their files would be left behind.
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    title: text('title').notNull().default(''),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    visibility: text('visibility', { enum: VISIBILITIES }).notNull(),
    contentType: text('content_type', { enum: IMAGE_CONTENT_TYPES }).notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** SHA-256 of the file, hex: its ETag, and the thumbnail's with a suffix. */
    sha256: text('sha256').notNull(),
    /** Null when the file records nothing we read, or was uploaded before EXIF was read. */
    exif: jsonb('exif').$type<RecordedExif>(),
    locationShown: boolean('location_shown').notNull().default(false),
    ...timestamps,
  },
  (table) => [
    index('images_created_idx').on(table.createdAt.desc(), table.id.desc()),
    index('images_owner_idx').on(table.ownerId),
    index('images_tags_idx').using('gin', table.tags),
    check('images_visibility_check', sql`${table.visibility} in ('public', 'private')`),
  ],
);

export type ImageRow = typeof images.$inferSelect;

/** An arrangement of images; its owner's to change. Deleting it deletes no image. */
export const albums = pgTable(
  'albums',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    visibility: text('visibility', { enum: VISIBILITIES }).notNull(),
    sort: text('sort', { enum: ALBUM_SORTS }).notNull(),
    /** Chosen by hand; without one (or when it is not for the viewer's eyes) the first image is the cover. */
    coverImageId: uuid('cover_image_id').references(() => images.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (table) => [
    index('albums_created_idx').on(table.createdAt.desc(), table.id.desc()),
    index('albums_owner_idx').on(table.ownerId),
    check('albums_visibility_check', sql`${table.visibility} in ('public', 'private')`),
    check('albums_sort_check', sql`${table.sort} in ('manual', 'newest', 'oldest')`),
  ],
);

/** Which images an album holds, in its manual order; an image deleted leaves its albums with it. */
export const albumImages = pgTable(
  'album_images',
  {
    albumId: uuid('album_id')
      .notNull()
      .references(() => albums.id, { onDelete: 'cascade' }),
    imageId: uuid('image_id')
      .notNull()
      .references(() => images.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.albumId, table.imageId] }),
    index('album_images_order_idx').on(table.albumId, table.position, table.imageId),
    index('album_images_image_idx').on(table.imageId),
  ],
);

/**
 * A link that opens one album or one image to whoever holds it. Only the SHA-256 of its token is
 * kept; a password, which people choose, gets argon2. Revoked links stay, with their accesses.
 */
export const shareLinks = pgTable(
  'share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    label: text('label').notNull().default(''),
    albumId: uuid('album_id').references(() => albums.id, { onDelete: 'cascade' }),
    imageId: uuid('image_id').references(() => images.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    passwordHash: text('password_hash'),
    allowDownload: boolean('allow_download').notNull().default(false),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    maxViews: integer('max_views'),
    views: integer('views').notNull().default(0),
    lastAccessedAt: timestamp('last_accessed_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('share_links_token_hash_key').on(table.tokenHash),
    index('share_links_created_idx').on(table.createdAt.desc(), table.id.desc()),
    index('share_links_album_idx').on(table.albumId),
    index('share_links_image_idx').on(table.imageId),
    check('share_links_one_target_check', sql`(${table.albumId} is null) <> (${table.imageId} is null)`),
  ],
);

/** Who opened a share link, and what they looked at: kept with the link, shown to its owner. */
export const shareLinkAccesses = pgTable(
  'share_link_accesses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => shareLinks.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action', { enum: SHARE_ACCESS_ACTIONS }).notNull(),
    /** Not a reference: the log outlives a deleted image. */
    imageId: uuid('image_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (table) => [index('share_link_accesses_link_idx').on(table.linkId, table.at.desc(), table.id.desc())],
);

/**
 * A one-time link to join with a role. Spent (`used_at`) in the transaction that creates its
 * person, so two racing accepts make one account; kept afterwards, to be listed.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedBy: uuid('used_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('invitations_token_hash_key').on(table.tokenHash),
    index('invitations_created_idx').on(table.createdAt.desc(), table.id.desc()),
    check('invitations_role_check', sql`${table.role} in ('admin', 'editor', 'viewer')`),
  ],
);

export type InvitationRow = typeof invitations.$inferSelect;

export type AlbumRow = typeof albums.$inferSelect;
export type ShareLinkRow = typeof shareLinks.$inferSelect;

/** A person's passkeys (WebAuthn credentials): the public key, never anything secret. */
export const passkeys = pgTable(
  'passkeys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The credential ID the authenticator chose, base64url. */
    credentialId: text('credential_id').notNull(),
    /** The COSE public key, base64url. */
    publicKey: text('public_key').notNull(),
    /** The signature counter last seen; 0 for authenticators that keep none (synced passkeys). */
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: text('transports').array().notNull().default(sql`'{}'::text[]`),
    /** Backed up (synced) when registered: `swk` rather than `hwk`. */
    synced: boolean('synced').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('passkeys_credential_id_key').on(table.credentialId), index('passkeys_user_idx').on(table.userId)],
);

/** One authenticator app per person; its secret encrypted (AES-256-GCM). In force once `confirmed_at` is set. */
export const totpFactors = pgTable('totp_factors', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretCiphertext: text('secret_ciphertext').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  /** The last 30-second step a code was accepted for: a code is good once. */
  lastUsedStep: bigint('last_used_step', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Single-use recovery codes, as SHA-256 (80 random bits each: no one guesses them). */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [index('recovery_codes_user_idx').on(table.userId)],
);

export const CHALLENGE_PURPOSES = ['passkey_registration', 'passkey_authentication', 'mfa_login'] as const;

/**
 * What a ceremony in flight must find again, on whichever instance it ends: a WebAuthn challenge,
 * or the `mfa_token` of a login waiting for its second factor. Stored as SHA-256, taken once.
 */
export const authChallenges = pgTable(
  'auth_challenges',
  {
    idHash: text('id_hash').primaryKey(),
    purpose: text('purpose', { enum: CHALLENGE_PURPOSES }).notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** The session a registration or a step-up belongs to; none for a sign-in. */
    sessionId: uuid('session_id').references(() => refreshSessions.id, { onDelete: 'cascade' }),
    /** For `mfa_login`: the WebAuthn challenge offered beside the token, if any. */
    webauthnChallenge: text('webauthn_challenge'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('auth_challenges_expires_idx').on(table.expiresAt)],
);

/** The owner's security settings: one row. */
export const securityPolicy = pgTable(
  'security_policy',
  {
    id: boolean('id').primaryKey().default(true),
    mfaRequiredRoles: text('mfa_required_roles', { enum: ROLES }).array().notNull().default(sql`'{}'::text[]`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('security_policy_single_row', sql`${table.id}`)],
);

export type PasskeyRow = typeof passkeys.$inferSelect;
export type AuthChallengeRow = typeof authChallenges.$inferSelect;
