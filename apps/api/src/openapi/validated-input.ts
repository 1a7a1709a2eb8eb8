import { Body, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';
import { openApiSchema } from './openapi-schema';

/**
 * Input is validated by a zod schema, and the OpenAPI document describes it from that same
 * schema, so the two cannot drift. Each of these is a parameter decorator that also documents
 * its method; the parameter's type is the schema's output type.
 */
type MethodDecorator = (target: object, key: string | symbol, descriptor: PropertyDescriptor) => void;

function alsoDocument(target: object, key: string | symbol | undefined, ...decorators: MethodDecorator[]): void {
  if (key === undefined) throw new Error('Validated input is for route handlers, not constructors');
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (!descriptor) throw new Error(`No method ${String(key)} to document`);
  for (const decorate of decorators) decorate(target, key, descriptor);
}

export interface BodyOptions {
  /** A body the client may leave out entirely; validated whenever it is sent. */
  optional?: boolean;
  description?: string;
}

/** A JSON body. */
export const ValidBody =
  (schema: z.ZodType, { optional = false, description }: BodyOptions = {}): ParameterDecorator =>
  (target, key, index) => {
    Body(new ZodValidationPipe(optional ? schema.optional() : schema))(target, key, index);
    alsoDocument(target, key, ApiBody({ schema: openApiSchema(schema, 'input'), required: !optional, description }));
  };

/** Query parameters, one per property of an object schema; each property's description is its parameter's. */
export const ValidQuery =
  (schema: z.ZodObject): ParameterDecorator =>
  (target, key, index) => {
    Query(new ZodValidationPipe(schema))(target, key, index);
    const parameters = Object.entries(schema.shape).map(([name, property]) => {
      const { description, ...propertySchema } = openApiSchema(property, 'input');
      return ApiQuery({ name, required: !property.safeParse(undefined).success, description, schema: propertySchema });
    });
    alsoDocument(target, key, ...parameters);
  };

/** The `:id` path parameter: a UUID (anything else is 400, not 404). */
export const IdParam =
  (description: string): ParameterDecorator =>
  (target, key, index) => {
    Param('id', new ParseUUIDPipe())(target, key, index);
    alsoDocument(target, key, ApiParam({ name: 'id', description, schema: { type: 'string', format: 'uuid' } }));
  };
