import { Body } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import type { ZodType } from 'zod';

/**
 * A JSON body the client may leave out, validated by its DTO's schema whenever it is sent. The
 * global pipe finds a body's schema through the parameter's type, and a `Dto | undefined`
 * parameter has none at run time (TypeScript emits `Object`): such a body would pass unchecked.
 */
export const OptionalBody = (dto: { schema: ZodType }) => Body(new ZodValidationPipe(dto.schema.optional()));
