import { ErrorCode } from '@lightbox/auth-contracts';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../http/app-error';
import { ImageFiles, StagedUpload } from './image-files';

export const UPLOAD_FILE_FIELD = 'file';

/** The limits @fastify/multipart enforces while it reads; `fileSize` comes from MAX_UPLOAD_MB. */
export function multipartLimits(maxUploadBytes: number) {
  return { fileSize: maxUploadBytes, files: 1, fields: 10, fieldSize: 4096, parts: 11, headerPairs: 50 };
}

/**
 * Reads an upload form as it streams in: the file goes straight to a temporary file (never whole
 * into memory), the text fields are collected. The caller owns the staged file from here on.
 */
export async function readUpload(request: FastifyRequest, files: ImageFiles, maxUploadBytes: number): Promise<{ upload: StagedUpload; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the image as multipart/form-data.');
  const fields: Record<string, string> = {};
  let upload: StagedUpload | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        // A part sent as application/json arrives parsed; the form takes text only.
        if (typeof part.value !== 'string') throw validation(`Send "${part.fieldname}" as plain text.`);
        fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== UPLOAD_FILE_FIELD) {
        part.file.resume(); // unread, it would hold the connection open
        throw validation(`Send the image in the field "${UPLOAD_FILE_FIELD}".`);
      }
      upload = await files.stage(part.file);
      if (part.file.truncated) throw tooLarge(maxUploadBytes);
    }
  } catch (error) {
    if (upload) await files.discard(upload);
    // Whatever of the body is left is read and dropped, so the connection can serve the answer.
    request.raw.resume();
    throw translate(error, maxUploadBytes);
  }
  if (!upload) throw validation(`Send the image in the field "${UPLOAD_FILE_FIELD}".`);
  return { upload, fields };
}

/** @fastify/multipart's own errors carry a status but not our codes. */
function translate(error: unknown, maxUploadBytes: number): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxUploadBytes);
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new AppError(ErrorCode.PayloadTooLarge, 'The form has too many parts: send one file and at most title, tags and visibility.');
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AppError(ErrorCode.UnsupportedMediaType, 'Send the image as multipart/form-data.');
  // Our own refusals pass; so do the file system's (a full disk is our fault, not the client's).
  if (error instanceof AppError || (error as { syscall?: unknown }).syscall !== undefined) return error;
  return validation('The form could not be read.');
}

function tooLarge(maxUploadBytes: number): AppError {
  return new AppError(ErrorCode.PayloadTooLarge, `The file is larger than ${maxUploadBytes / (1024 * 1024)} MB.`);
}

function validation(detail: string): AppError {
  return new AppError(ErrorCode.ValidationFailed, detail);
}

