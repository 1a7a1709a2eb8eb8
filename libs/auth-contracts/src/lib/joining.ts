import { z } from 'zod';
import { AssignableRoleSchema } from './access';
import { INVITATION_MAX_TTL_SECONDS, INVITATION_MIN_TTL_SECONDS, INVITATION_STATUSES, MAX_INVITATION_NOTE_LENGTH, SIGNUP_ROLES } from './joining-rules';
import { NewPasswordSchema } from './password';
import { UsernameSchema } from './users';

const Someone = z.strictObject({ id: z.uuid(), username: z.string() });

const TokenSchema = z.string().min(1).max(200).describe('The token of the invitation (the last part of its link).');

export const InvitationSchema = z
  .strictObject({
    id: z.uuid(),
    role: AssignableRoleSchema.describe('What the person who joins will be.'),
    note: z.string().describe('To recognise the invitation by (whom it is for); may be empty.'),
    prefix: z.string().describe('The first characters of the token, to tell invitations apart.').meta({ examples: ['lbi_4Fq9Zr2M'] }),
    status: z.enum(INVITATION_STATUSES).describe('`pending`: it can still be used.'),
    expires_at: z.iso.datetime(),
    created_by: Someone,
    created_at: z.iso.datetime(),
    used_at: z.iso.datetime().nullable(),
    used_by: Someone.nullable().describe('Who joined with it (`null` while unused, or once that person is deleted).'),
    revoked_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Invitation', description: 'A one-time link that lets one person make an account with a given role; its token is never shown again.' });

export const CreatedInvitationSchema = InvitationSchema.extend({
  token: z.string().describe('Shown once, never stored: only its hash is kept.').meta({ examples: ['lbi_4Fq9Zr2Mk7Wq1pLzT8vB3nC6dF0gJ5sY2hKq9e'] }),
  url: z.url().describe('The page the person joins on: `<origin>/join/<token>`. Shown once.'),
}).meta({ id: 'CreatedInvitation', description: 'The new invitation, with its token and link (shown this once).' });

export const CreateInvitationRequestSchema = z
  .strictObject({
    role: AssignableRoleSchema.describe('Any role but `owner`, and none above your own.'),
    expires_in: z
      .int()
      .min(INVITATION_MIN_TTL_SECONDS)
      .max(INVITATION_MAX_TTL_SECONDS)
      .optional()
      .describe('Seconds it stays usable; leave out for 7 days.'),
    note: z
      .string()
      .trim()
      .max(MAX_INVITATION_NOTE_LENGTH)
      .refine((text) => !text.includes('\0'), 'Must not contain NUL characters.')
      .default('')
      .describe('For you: whom it is for. Never shown to the person invited.'),
  })
  .meta({ id: 'CreateInvitationRequest' });

export const InvitationListQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional().describe('`next_cursor` of the previous page, as it was given.'),
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Invitations per page.'),
});

export const InvitationPageSchema = z
  .strictObject({ items: z.array(InvitationSchema), next_cursor: z.string().nullable() })
  .meta({ id: 'InvitationPage', description: 'Newest first: pending, used, expired and revoked alike.' });

export const CheckInvitationRequestSchema = z.strictObject({ token: TokenSchema }).meta({ id: 'CheckInvitationRequest' });

export const InvitationPreviewSchema = z
  .strictObject({
    role: AssignableRoleSchema,
    invited_by: z.string().describe('The username of whoever made the invitation.'),
    expires_at: z.iso.datetime(),
  })
  .meta({ id: 'InvitationPreview', description: 'What the person invited sees before choosing a username and a password.' });

export const AcceptInvitationRequestSchema = z
  .strictObject({ token: TokenSchema, username: UsernameSchema, password: NewPasswordSchema })
  .meta({ id: 'AcceptInvitationRequest' });

export const SignupRequestSchema = z.strictObject({ username: UsernameSchema, password: NewPasswordSchema }).meta({ id: 'SignupRequest' });

export const SignupOptionsSchema = z
  .strictObject({ role: z.enum(SIGNUP_ROLES).describe('What a new account is.') })
  .meta({ id: 'SignupOptions', description: 'Sign-up is open: anyone may make an account with this role.' });

export type Invitation = z.infer<typeof InvitationSchema>;
export type CreatedInvitation = z.infer<typeof CreatedInvitationSchema>;
export type CreateInvitationRequest = z.input<typeof CreateInvitationRequestSchema>;
export type InvitationListQuery = z.infer<typeof InvitationListQuerySchema>;
export type InvitationPage = z.infer<typeof InvitationPageSchema>;
export type CheckInvitationRequest = z.infer<typeof CheckInvitationRequestSchema>;
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequestSchema>;
export type SignupRequest = z.infer<typeof SignupRequestSchema>;
export type SignupOptions = z.infer<typeof SignupOptionsSchema>;
