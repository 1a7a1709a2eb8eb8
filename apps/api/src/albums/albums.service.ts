import {
  Album,
  AlbumImagesQuery,
  AlbumListQuery,
  AlbumPage,
  AlbumSort,
  CreateAlbumRequest,
  ErrorCode,
  ImagePage,
  UpdateAlbumRequest,
} from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { auditActor, type Caller, mayManageOthers, type Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../clock/clock';
import { AppError } from '../http/app-error';
import type { SerializedJson } from '../http/conditional-get';
import { decodeCursor, encodeCursor, TimeCursorSchema, timeCursorOf } from '../http/cursor';
import type { RequestContext } from '../http/request-context';
import { GalleryCache, GalleryView, viewOf } from '../images/gallery-cache';
import { toImage } from '../images/image-view';
import { AlbumPosition, AlbumsRepository, ImageSight, SeenAlbumRow } from './albums.repository';
import type { AlbumRow } from '../database/schema';
import { toAlbum } from './album-view';

/** Where a page of an album stopped: the sort it was read in (a cursor of another sort is refused), the key and the id. */
const AlbumCursorSchema = z.union([
  z.tuple([z.literal('manual'), z.int(), z.uuid()]).transform(([sort, position, id]): AlbumPosition => ({ sort, position, id })),
  z.tuple([z.enum(['newest', 'oldest']), z.iso.datetime(), z.uuid()]).transform(([sort, at, id]): AlbumPosition => ({ sort, createdAt: new Date(at), id })),
]);

/**
 * Albums (issue: albums and share links): arrangements of images, seen as images are. A visitor
 * sees public albums and, in them, only public images; `images:read` sees every album and image;
 * a caller without it sees public ones and its own; a share link its album, with its owner's
 * images and the public ones. Editors change their own albums, those who manage users anyone's.
 * Reads answer from the gallery's cache, and writes invalidate it as image writes do.
 */
@Injectable()
export class AlbumsService {
  constructor(
    private readonly albums: AlbumsRepository,
    private readonly cache: GalleryCache,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  page(principal: Principal | undefined, query: AlbumListQuery): SerializedJson | Promise<SerializedJson> {
    const view = viewOf(principal);
    return this.cache.answer(view, `albums ${JSON.stringify([query.limit, query.cursor])}`, async (): Promise<AlbumPage> => {
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, TimeCursorSchema);
      const rows = await this.albums.page(sightOf(view), after, query.limit + 1);
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return { items: items.map(toAlbum), next_cursor: rows.length > query.limit && last ? timeCursorOf(last) : null };
    });
  }

  get(caller: Caller | undefined, id: string): SerializedJson | Promise<SerializedJson> {
    const view = viewOfAlbum(caller, id);
    if (!view) return Promise.reject(noSuchAlbum());
    return this.cache.answer(view, `album ${id}`, async () => toAlbum(await this.findSeen(id, view)));
  }

  images(caller: Caller | undefined, id: string, query: AlbumImagesQuery): SerializedJson | Promise<SerializedJson> {
    const view = viewOfAlbum(caller, id);
    if (!view) return Promise.reject(noSuchAlbum());
    return this.cache.answer(view, `album-images ${JSON.stringify([id, query.limit, query.cursor])}`, async (): Promise<ImagePage> => {
      const album = await this.findSeen(id, view);
      const after = query.cursor === undefined ? undefined : decodeAlbumCursor(query.cursor, album.sort);
      const rows = await this.albums.images(id, album.sort, sightOf(view), after, query.limit + 1);
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      const next = last && (album.sort === 'manual' ? [album.sort, last.position, last.id] : [album.sort, last.createdAt.toISOString(), last.id]);
      return { items: items.map(toImage), next_cursor: rows.length > query.limit && next ? encodeCursor(next) : null };
    });
  }

  async create(principal: Principal, body: CreateAlbumRequest, context: RequestContext): Promise<Album> {
    const id = await this.albums.insert({
      ownerId: principal.userId,
      title: body.title,
      description: body.description ?? '',
      visibility: body.visibility ?? 'private',
      sort: body.sort ?? 'manual',
      createdAt: new Date(this.clock.now()),
    });
    const album = await this.seenBy(principal, id);
    this.cache.albumChanged({ ownerId: principal.userId, visibility: album.visibility });
    await this.record(context, principal, 'album.created', album);
    return album;
  }

  async update(principal: Principal, id: string, changes: UpdateAlbumRequest): Promise<Album> {
    const album = await this.findChangeable(principal, id);
    if (changes.cover_image_id && !(await this.albums.memberIds(id, [changes.cover_image_id])).has(changes.cover_image_id)) {
      throw invalidIds('cover_image_id', 'The cover must be an image of this album.');
    }
    await this.albums.update(id, {
      title: changes.title,
      description: changes.description,
      visibility: changes.visibility,
      sort: changes.sort,
      coverImageId: changes.cover_image_id,
    });
    this.cache.albumChanged({ ...album, visibility: changes.visibility ?? album.visibility }, album);
    return this.seenBy(principal, id);
  }

  /** Its images stay: only the album and its share links go. */
  async delete(principal: Principal, id: string, context: RequestContext): Promise<void> {
    const album = await this.findChangeable(principal, id);
    if (!(await this.albums.delete(id))) throw noSuchAlbum();
    this.cache.albumChanged(album);
    await this.audit.record(context, { action: 'album.deleted', outcome: 'success', actor: auditActor(principal), target: `album:${id}`, details: { title: album.title } });
  }

  /** Images you may see, at the end in the order given; those already in it stay where they are. */
  async add(principal: Principal, id: string, imageIds: readonly string[]): Promise<Album> {
    const album = await this.findChangeable(principal, id);
    const seen = await this.albums.seenImageIds(imageIds, sightOf(viewOf(principal)));
    const unseen = imageIds.filter((imageId) => !seen.has(imageId));
    if (unseen.length > 0) throw new AppError(ErrorCode.NotFound, `There is no such image: ${unseen.slice(0, 5).join(', ')}${unseen.length > 5 ? ', …' : ''}.`);
    await this.albums.add(id, imageIds);
    this.cache.albumChanged(album);
    return this.seenBy(principal, id);
  }

  async remove(principal: Principal, id: string, imageIds: readonly string[]): Promise<Album> {
    const album = await this.findChangeable(principal, id);
    await this.albums.remove(id, imageIds);
    this.cache.albumChanged(album);
    return this.seenBy(principal, id);
  }

  async reorder(principal: Principal, id: string, imageIds: readonly string[]): Promise<void> {
    const album = await this.findChangeable(principal, id);
    const members = await this.albums.memberIds(id, imageIds);
    const strangers = imageIds.filter((imageId) => !members.has(imageId));
    if (strangers.length > 0) throw invalidIds('image_ids', `Not in this album: ${strangers.slice(0, 5).join(', ')}.`);
    await this.albums.reorder(id, imageIds);
    this.cache.albumChanged(album);
  }

  private async findSeen(id: string, view: GalleryView): Promise<SeenAlbumRow> {
    const sight = sightOf(view);
    const album = await this.albums.findSeen(id, sight);
    if (!album || !(sight.everything || album.visibility === 'public' || album.ownerId === sight.ownerId)) throw noSuchAlbum();
    return album;
  }

  private async seenBy(principal: Principal, id: string): Promise<Album> {
    return toAlbum(await this.findSeen(id, viewOf(principal)));
  }

  private async findChangeable(principal: Principal, id: string): Promise<AlbumRow> {
    const album = await this.findSeen(id, viewOf(principal));
    if (album.ownerId !== principal.userId && !mayManageOthers(principal)) throw new AppError(ErrorCode.NotOwner, 'This album belongs to someone else.');
    return album;
  }

  private record(context: RequestContext, principal: Principal, action: 'album.created', album: Album): Promise<void> {
    return this.audit.record(context, { action, outcome: 'success', actor: auditActor(principal), target: `album:${album.id}`, details: { title: album.title, visibility: album.visibility } });
  }
}

/** A share link reads its own album and no other (undefined: another album, which is not found). */
function viewOfAlbum(caller: Caller | undefined, id: string): GalleryView | undefined {
  if (caller?.kind === 'share_link' && (caller.shared.kind !== 'album' || caller.shared.albumId !== id)) return undefined;
  return viewOf(caller);
}

function sightOf(view: GalleryView): ImageSight {
  if (view === 'all') return { everything: true };
  return { everything: false, ownerId: view === 'public' ? undefined : view.slice('own:'.length) };
}

function decodeAlbumCursor(cursor: string, sort: AlbumSort): AlbumPosition {
  const position = decodeCursor(cursor, AlbumCursorSchema);
  if (position.sort !== sort) throw invalidIds('cursor', 'The album’s order changed: start again from the first page.');
  return position;
}

function noSuchAlbum(): AppError {
  return new AppError(ErrorCode.NotFound, 'There is no such album.');
}

function invalidIds(path: string, message: string): AppError {
  return new AppError(ErrorCode.ValidationFailed, message, { errors: [{ path, message }] });
}
