import {
  ErrorCode,
  Image,
  ImageListQuery,
  ImagePage,
  TagCount,
  UpdateImageRequest,
  UploadImageFieldsSchema,
} from '@lightbox/auth-contracts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ZodValidationException } from 'nestjs-zod';
import { AuditLog } from '../audit/audit-log';
import { auditActor, type Caller, mayManageOthers, type Principal, type ShareLinkPrincipal } from '../access/principal';
import { Clock } from '../clock/clock';
import { AppError } from '../http/app-error';
import type { SerializedJson } from '../http/conditional-get';
import { decodeCursor, TimeCursorSchema, timeCursorOf } from '../http/cursor';
import type { RequestContext } from '../http/request-context';
import { ImageBytes, ImageFiles, ImageVariant, StagedUpload } from './image-files';
import { probeImage, renderPreview } from './image-probe';
import { ShareLinksService } from '../share-links/share-links.service';
import { CachedImage, GalleryCache, GalleryView, viewOf } from './gallery-cache';
import { toImage } from './image-view';
import { ImagesRepository, OwnedImageRow } from './images.repository';

/** The bytes of an image or its thumbnail, with the validator that names them. */
export interface ImageContent {
  etag: string;
  contentType: string;
  isPublic: boolean;
  open(): Promise<ImageBytes>;
}

/** Bump when a rendition is made differently, so that caches fetch the new ones. */
const RENDITION_GENERATIONS = { thumbnail: 't1', preview: 'p1' } as const;

/** The gallery (DESIGN.md §4.6): public reads, private images for `images:read`, writes by owners. */
@Injectable()
export class ImagesService implements OnModuleInit {
  constructor(
    private readonly images: ImagesRepository,
    private readonly files: ImageFiles,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly cache: GalleryCache,
    private readonly shareLinks: ShareLinksService,
  ) {}

  onModuleInit(): Promise<void> {
    return this.files.prepare();
  }

  /** A page of the gallery as this caller may see it, serialised once per view and query. */
  page(principal: Principal | undefined, query: ImageListQuery): SerializedJson | Promise<SerializedJson> {
    const view = viewOf(principal);
    const key = `images ${JSON.stringify([query.limit, query.tag, query.q, query.cursor])}`;
    return this.cache.answer(view, key, () => this.loadPage(view, query));
  }

  async get(caller: Caller | undefined, id: string): Promise<SerializedJson> {
    return this.findVisible(caller, id);
  }

  /**
   * A share link without downloads gets the display renditions only; what its visitor views large
   * or downloads goes into its access log.
   */
  async content(caller: Caller | undefined, id: string, variant: ImageVariant, context: RequestContext): Promise<ImageContent> {
    const { row } = await this.findVisible(caller, id);
    if (caller?.kind === 'share_link') {
      if (variant === 'file' && !caller.allowDownload) throw new AppError(ErrorCode.InsufficientScope, 'This link does not allow downloads: the original stays with its owner.');
      if (variant !== 'thumbnail') await this.shareLinks.recordAccess(caller.linkId, variant === 'file' ? 'downloaded' : 'viewed', row.id, context);
    }
    const isOriginal = variant === 'file';
    return {
      etag: `"${row.sha256}${isOriginal ? '' : `.${RENDITION_GENERATIONS[variant]}`}"`,
      contentType: isOriginal ? row.contentType : 'image/webp',
      isPublic: row.visibility === 'public',
      open: async () => {
        let file = await this.files.read(row.id, row.contentType, variant);
        if (!file && variant === 'preview') {
          // Uploaded before there were previews: made once, from the original.
          await this.files.backfill(row.id, row.contentType, variant, renderPreview).catch(() => undefined);
          file = await this.files.read(row.id, row.contentType, variant);
        }
        // Deleted since the row was read, or a crash came between the row and the rename.
        if (!file) throw noSuchImage();
        return file;
      },
    };
  }

  /**
   * Publishes a staged upload: checks its fields and bytes, writes the row, then renames the files
   * into place. Whatever fails, the staged files are removed and no row remains.
   */
  async upload(principal: Principal, upload: StagedUpload, fields: Record<string, string>, context: RequestContext): Promise<Image> {
    const id = randomUUID();
    try {
      const parsed = UploadImageFieldsSchema.safeParse(fields);
      if (!parsed.success) throw new ZodValidationException(parsed.error);
      const facts = await probeImage(upload.path, upload.thumbnailPath, upload.previewPath);
      await this.images.insert({
        id,
        ownerId: principal.userId,
        ...parsed.data,
        ...facts,
        sizeBytes: upload.sizeBytes,
        sha256: upload.sha256,
        // Milliseconds, like the cursors that point at it.
        createdAt: new Date(this.clock.now()),
      });
      try {
        await this.files.publish(upload, id, facts.contentType);
      } catch (error) {
        await this.images.delete(id);
        await this.files.remove(id, facts.contentType);
        throw error;
      } finally {
        // Also when it failed: a list read meanwhile may have shown the row that is gone again.
        this.cache.changed({ id, ownerId: principal.userId, visibility: parsed.data.visibility });
      }
    } catch (error) {
      await this.files.discard(upload);
      throw error;
    }
    const { row } = await this.findVisible(principal, id);
    await this.record(context, principal, 'image.uploaded', row);
    return toImage(row);
  }

  async update(principal: Principal, id: string, { location_shown: locationShown, ...changes }: UpdateImageRequest): Promise<Image> {
    const row = await this.findChangeable(principal, id);
    await this.images.update(row.id, { ...changes, locationShown });
    this.cache.changed({ ...row, visibility: changes.visibility ?? row.visibility }, row);
    return toImage((await this.findVisible(principal, id)).row);
  }

  /** The row goes first: once it is gone nobody is sent to the files, which follow it. */
  async delete(principal: Principal, id: string, context: RequestContext): Promise<void> {
    const row = await this.findChangeable(principal, id);
    if (!(await this.images.delete(row.id))) throw noSuchImage();
    this.cache.changed(row);
    await this.files.remove(row.id, row.contentType);
    await this.record(context, principal, 'image.deleted', row);
  }

  /** Tag counts come in two views only: with the private images, or without. */
  tags(principal: Principal | undefined): SerializedJson | Promise<SerializedJson> {
    const view = seesPrivate(principal) ? 'all' : 'public';
    return this.cache.answer(view, 'tags', (): Promise<TagCount[]> => this.images.tagCounts(view === 'all'));
  }

  private async loadPage(view: GalleryView, query: ImageListQuery): Promise<ImagePage> {
    const rows = await this.images.page({
      includePrivate: view === 'all',
      viewerId: view.startsWith('own:') ? view.slice('own:'.length) : undefined,
      tag: query.tag,
      titleContains: query.q,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor, TimeCursorSchema),
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items: items.map(toImage), next_cursor: rows.length > query.limit && last ? timeCursorOf(last) : null };
  }

  /**
   * Public images, and private ones for `images:read` and for their owner (a key with only
   * `images:write` still sees what it uploaded). The others are not found, rather than forbidden.
   */
  private async findVisible(caller: Caller | undefined, id: string): Promise<CachedImage> {
    const cached = this.cache.image(id, () => this.images.findById(id));
    const image = cached instanceof Promise ? await cached : cached;
    if (!image) throw noSuchImage();
    if (caller?.kind === 'share_link' ? !(await this.isShared(caller, image.row)) : !mayView(caller, image.row)) throw noSuchImage();
    return image;
  }

  /** An image link opens its image; an album link the album's public images and its owner's. */
  private async isShared({ shared }: ShareLinkPrincipal, row: OwnedImageRow): Promise<boolean> {
    if (shared.kind === 'image') return shared.imageId === row.id;
    return (row.visibility === 'public' || row.ownerId === shared.albumOwnerId) && this.images.isInAlbum(row.id, shared.albumId);
  }

  /** Editors change their own images; those who manage users (owner, admins) change any. */
  private async findChangeable(principal: Principal, id: string): Promise<OwnedImageRow> {
    const { row } = await this.findVisible(principal, id);
    if (row.ownerId !== principal.userId && !mayManageOthers(principal)) {
      throw new AppError(ErrorCode.NotOwner, 'This image belongs to someone else.');
    }
    return row;
  }

  private async record(context: RequestContext, principal: Principal, action: 'image.uploaded' | 'image.deleted', row: OwnedImageRow): Promise<void> {
    await this.audit.record(context, { action, outcome: 'success', actor: auditActor(principal), target: `image:${row.id}`, details: { title: row.title } });
  }
}

function seesPrivate(principal: Principal | undefined): boolean {
  return principal?.scopes.includes('images:read') ?? false;
}

function mayView(principal: Principal | undefined, row: OwnedImageRow): boolean {
  return row.visibility === 'public' || seesPrivate(principal) || row.ownerId === principal?.userId;
}


function noSuchImage(): AppError {
  return new AppError(ErrorCode.NotFound, 'There is no such image.');
}
