import { z } from 'zod';
import { NewPasswordSchema } from './password';
import { ROLES, SCOPES } from './scopes';

export const UsernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{3,64}$/, 'Use 3–64 letters, digits, dots, dashes or underscores.');

export const UserSchema = z.strictObject({
  id: z.uuid(),
  username: z.string(),
  role: z.enum(ROLES),
  scopes: z.array(z.enum(SCOPES)),
  active: z.boolean(),
  created_at: z.iso.datetime(),
});

export const CreateUserRequestSchema = z.strictObject({
  username: UsernameSchema,
  password: NewPasswordSchema,
  role: z.enum(ROLES).exclude(['owner']),
});

export const UpdateUserRequestSchema = z
  .strictObject({
    role: z.enum(ROLES).exclude(['owner']).optional(),
    active: z.boolean().optional(),
    password: NewPasswordSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of role, active, password.');

export const UserListSchema = z.strictObject({ items: z.array(UserSchema) });

export type User = z.infer<typeof UserSchema>;
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;
export type UserList = z.infer<typeof UserListSchema>;
