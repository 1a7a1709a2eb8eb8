import { z } from 'zod';
import { AssignableRoleSchema, RoleSchema, ScopeSchema } from './access';
import { NewPasswordSchema } from './password';

export const UsernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{3,64}$/, 'Use 3–64 letters, digits, dots, dashes or underscores.')
  .describe('3–64 letters, digits, dots, dashes or underscores.');

export const UserSchema = z
  .strictObject({
    id: z.uuid(),
    username: z.string().meta({ examples: ['alice'] }),
    role: RoleSchema,
    scopes: z.array(ScopeSchema).describe('What the role allows.'),
    active: z.boolean().describe('A deactivated user cannot log in, and their sessions and API keys have ended.'),
    created_at: z.iso.datetime().describe('When the user was created.'),
  })
  .meta({ id: 'User', description: 'A person who can log in.' });

export const CreateUserRequestSchema = z
  .strictObject({
    username: UsernameSchema,
    password: NewPasswordSchema,
    role: AssignableRoleSchema,
  })
  .meta({ id: 'CreateUserRequest' });

export const UpdateUserRequestSchema = z
  .strictObject({
    role: AssignableRoleSchema.optional(),
    active: z.boolean().optional().describe('`false` ends every session and revokes every API key of the user.'),
    password: NewPasswordSchema.optional().describe('A new password, set by an administrator: the user’s sessions end.'),
  })
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of role, active, password.')
  .meta({ id: 'UpdateUserRequest', description: 'At least one field. The owner can be changed only by the owner.' });

/** What administrators see of a person: whether they use a second factor, not what it is. */
export const ManagedUserSchema = UserSchema.extend({
  second_factor: z.boolean().describe('Whether they have a passkey or an authenticator app.'),
}).meta({ id: 'ManagedUser', description: 'A person, as administrators see them.' });

export const UserListSchema = z.strictObject({ items: z.array(ManagedUserSchema) }).meta({ id: 'UserList' });

export type User = z.infer<typeof UserSchema>;
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;
export type ManagedUser = z.infer<typeof ManagedUserSchema>;
export type UserList = z.infer<typeof UserListSchema>;
