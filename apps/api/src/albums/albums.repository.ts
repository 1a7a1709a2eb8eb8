import type { AlbumSort } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, getTableColumns, inArray, or, sql, SQL } from 'drizzle-orm';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { AlbumRow, albumImages, albums, images, users } from '../database/schema';
import type { OwnedImageRow } from '../images/images.repository';

export type NewAlbum = typeof albums.$inferInsert;
export type AlbumChanges = Partial<Pick<AlbumRow, 'title' | 'description' | 'visibility' | 'sort' | 'coverImageId'>>;

/**
 * Whose images a reader sees: every one (`images:read`), or the public ones and one person's
 * (a caller without it sees its own; a share link its album owner's).
 */
export type ImageSight = { readonly everything: true } | { readonly everything: false; readonly ownerId: string | undefined };

/** An album as a reader sees it: its owner's name, and the count and cover of what they may see. */
export interface SeenAlbumRow extends AlbumRow {
  ownerUsername: string;
  imageCount: number;
  seenCoverId: string | null;
}

/** A position in an album's order: by hand (`position`) or by upload time. */
export type AlbumPosition = { sort: 'manual'; position: number; id: string } | { sort: 'newest' | 'oldest'; createdAt: Date; id: string };

export type AlbumImageRow = OwnedImageRow & { position: number };

/** `i` is the images table inside the correlated subqueries below. */
function seen(sight: ImageSight): SQL {
  if (sight.everything) return sql`true`;
  return sight.ownerId ? sql`(i.visibility = 'public' or i.owner_id = ${sight.ownerId})` : sql`i.visibility = 'public'`;
}

function seenImages(sight: ImageSight): SQL | undefined {
  if (sight.everything) return undefined;
  return or(eq(images.visibility, 'public'), sight.ownerId ? eq(images.ownerId, sight.ownerId) : undefined);
}

/** The album's own order, for the subquery that finds its first image. */
const ALBUM_ORDER = sql`case when ${albums.sort} = 'manual' then ai.position end asc,
  case when ${albums.sort} = 'newest' then i.created_at end desc,
  case when ${albums.sort} = 'oldest' then i.created_at end asc, i.id`;

@Injectable()
export class AlbumsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(album: NewAlbum): Promise<string> {
    const [{ id }] = await this.db.insert(albums).values(album).returning({ id: albums.id });
    return id;
  }

  async findById(id: string): Promise<AlbumRow | undefined> {
    const [row] = await this.db.select().from(albums).where(eq(albums.id, id));
    return row;
  }

  /** One album with what `sight` sees of it. */
  async findSeen(id: string, sight: ImageSight): Promise<SeenAlbumRow | undefined> {
    const [row] = await this.seenAlbums(sight).where(eq(albums.id, id));
    return row;
  }

  /** A newest-first page of the albums `sight` may see: all, or the public ones and one person's. */
  page(sight: ImageSight, after: { createdAt: Date; id: string } | undefined, limit: number): Promise<SeenAlbumRow[]> {
    const conditions: (SQL | undefined)[] = [
      sight.everything ? undefined : or(eq(albums.visibility, 'public'), sight.ownerId ? eq(albums.ownerId, sight.ownerId) : undefined),
      after ? sql`(${albums.createdAt}, ${albums.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined,
    ];
    return this.seenAlbums(sight)
      .where(and(...conditions))
      .orderBy(desc(albums.createdAt), desc(albums.id))
      .limit(limit);
  }

  /** A page of the album's images that `sight` sees, in the album's order. */
  images(albumId: string, sort: AlbumSort, sight: ImageSight, after: AlbumPosition | undefined, limit: number): Promise<AlbumImageRow[]> {
    const order =
      sort === 'manual'
        ? [asc(albumImages.position), asc(images.id)]
        : sort === 'newest'
          ? [desc(images.createdAt), desc(images.id)]
          : [asc(images.createdAt), asc(images.id)];
    return this.db
      .select({ ...getTableColumns(images), ownerUsername: users.username, position: albumImages.position })
      .from(albumImages)
      .innerJoin(images, eq(images.id, albumImages.imageId))
      .innerJoin(users, eq(users.id, images.ownerId))
      .where(and(eq(albumImages.albumId, albumId), seenImages(sight), after && afterPosition(after)))
      .orderBy(...order)
      .limit(limit);
  }

  /** Which of `ids` exist and are seen by `sight`. */
  async seenImageIds(ids: readonly string[], sight: ImageSight): Promise<Set<string>> {
    const rows = await this.db
      .select({ id: images.id })
      .from(images)
      .where(and(inArray(images.id, [...ids]), seenImages(sight)));
    return new Set(rows.map((row) => row.id));
  }

  /** Which of `ids` are in the album. */
  async memberIds(albumId: string, ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.db
      .select({ id: albumImages.imageId })
      .from(albumImages)
      .where(and(eq(albumImages.albumId, albumId), inArray(albumImages.imageId, [...ids])));
    return new Set(rows.map((row) => row.id));
  }

  async update(id: string, changes: AlbumChanges): Promise<void> {
    await this.db.update(albums).set({ ...changes, updatedAt: sql`now()` }).where(eq(albums.id, id));
  }

  /** True when this call deleted it. */
  async delete(id: string): Promise<boolean> {
    return (await this.db.delete(albums).where(eq(albums.id, id)).returning({ id: albums.id })).length > 0;
  }

  /** Appends, in the order given, the images not in the album yet; one statement. */
  async add(albumId: string, imageIds: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into ${albumImages} (album_id, image_id, position)
        select ${albumId}::uuid, t.id, (select coalesce(max(position), 0) from ${albumImages} where album_id = ${albumId}::uuid) + t.ord
        from unnest(${uuidArray(imageIds)}) with ordinality as t(id, ord)
        on conflict do nothing`);
      await tx.update(albums).set({ updatedAt: sql`now()` }).where(eq(albums.id, albumId));
    });
  }

  async remove(albumId: string, imageIds: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.delete(albumImages).where(and(eq(albumImages.albumId, albumId), inArray(albumImages.imageId, [...imageIds])));
      await tx.update(albums).set({ updatedAt: sql`now()` }).where(eq(albums.id, albumId));
    });
  }

  /** The listed images first, in this order; the others after them, in the order they had. */
  async reorder(albumId: string, imageIds: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`
        with listed as (select id, ord from unnest(${uuidArray(imageIds)}) with ordinality as t(id, ord)),
        ranked as (
          select ai.image_id, row_number() over (order by (l.ord is null), l.ord, ai.position, ai.image_id) as position
          from ${albumImages} ai left join listed l on l.id = ai.image_id
          where ai.album_id = ${albumId}::uuid)
        update ${albumImages} set position = ranked.position
        from ranked where ${albumImages}.album_id = ${albumId}::uuid and ${albumImages}.image_id = ranked.image_id`);
      await tx.update(albums).set({ updatedAt: sql`now()` }).where(eq(albums.id, albumId));
    });
  }

  private seenAlbums(sight: ImageSight) {
    const imageCount = sql<number>`(select count(*)::int from ${albumImages} ai join ${images} i on i.id = ai.image_id
      where ai.album_id = ${albums.id} and ${seen(sight)})`;
    // The chosen cover if it is in the album and the reader may see it, else the first image they may see.
    const seenCoverId = sql<string | null>`coalesce(
      (select i.id from ${albumImages} ai join ${images} i on i.id = ai.image_id
        where ai.album_id = ${albums.id} and i.id = ${albums.coverImageId} and ${seen(sight)}),
      (select i.id from ${albumImages} ai join ${images} i on i.id = ai.image_id
        where ai.album_id = ${albums.id} and ${seen(sight)} order by ${ALBUM_ORDER} limit 1))`;
    return this.db
      .select({ ...getTableColumns(albums), ownerUsername: users.username, imageCount, seenCoverId })
      .from(albums)
      .innerJoin(users, eq(users.id, albums.ownerId))
      .$dynamic();
  }
}

function afterPosition(after: AlbumPosition): SQL {
  if (after.sort === 'manual') return sql`(${albumImages.position}, ${images.id}) > (${after.position}, ${after.id}::uuid)`;
  const position = sql`(${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`;
  return after.sort === 'newest' ? sql`(${images.createdAt}, ${images.id}) < ${position}` : sql`(${images.createdAt}, ${images.id}) > ${position}`;
}

/** The ids as one bound uuid[] parameter. */
function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}
