import type { Visibility } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { and, arrayContains, desc, eq, getTableColumns, ilike, or, sql, SQL } from 'drizzle-orm';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { albumImages, ImageRow, images, users } from '../database/schema';

export type NewImage = typeof images.$inferInsert;
export type ImageChanges = Partial<Pick<ImageRow, 'title' | 'tags' | 'visibility' | 'locationShown'>>;

/** An image row with its owner's username, as the API shows it. */
export type OwnedImageRow = ImageRow & { ownerUsername: string };

export interface ImageFilter {
  /** False: public images only, and the viewer's own. */
  includePrivate: boolean;
  viewerId?: string;
  tag?: string;
  /** Matched anywhere in the title, case-insensitively; `%` and `_` are literal. */
  titleContains?: string;
  /** Images after this position in the newest-first order (it need not exist any more). */
  after?: { createdAt: Date; id: string };
  limit: number;
}

const ownedImageColumns = { ...getTableColumns(images), ownerUsername: users.username };

@Injectable()
export class ImagesRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(image: NewImage): Promise<void> {
    await this.db.insert(images).values(image);
  }

  async findById(id: string): Promise<OwnedImageRow | undefined> {
    const [row] = await this.db.select(ownedImageColumns).from(images).innerJoin(users, eq(users.id, images.ownerId)).where(eq(images.id, id));
    return row;
  }

  async isInAlbum(imageId: string, albumId: string): Promise<boolean> {
    const rows = await this.db
      .select({ imageId: albumImages.imageId })
      .from(albumImages)
      .where(and(eq(albumImages.albumId, albumId), eq(albumImages.imageId, imageId)));
    return rows.length > 0;
  }

  page(filter: ImageFilter): Promise<OwnedImageRow[]> {
    const conditions: (SQL | undefined)[] = [
      filter.includePrivate
        ? undefined
        : or(eq(images.visibility, 'public' satisfies Visibility), filter.viewerId ? eq(images.ownerId, filter.viewerId) : undefined),
      filter.tag ? arrayContains(images.tags, [filter.tag]) : undefined,
      filter.titleContains ? ilike(images.title, `%${escapeLike(filter.titleContains)}%`) : undefined,
      filter.after
        ? sql`(${images.createdAt}, ${images.id}) < (${filter.after.createdAt.toISOString()}::timestamptz, ${filter.after.id}::uuid)`
        : undefined,
    ];
    return this.db
      .select(ownedImageColumns)
      .from(images)
      .innerJoin(users, eq(users.id, images.ownerId))
      .where(and(...conditions))
      .orderBy(desc(images.createdAt), desc(images.id))
      .limit(filter.limit);
  }

  async update(id: string, changes: ImageChanges): Promise<void> {
    await this.db.update(images).set({ ...changes, updatedAt: sql`now()` }).where(eq(images.id, id));
  }

  /** True when this call deleted the row (a concurrent delete gets false). */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.db.delete(images).where(eq(images.id, id)).returning({ id: images.id });
    return deleted.length > 0;
  }

  /** Every tag with the number of images carrying it, most used first. */
  tagCounts(includePrivate: boolean): Promise<{ name: string; count: number }[]> {
    const name = sql<string>`tag`;
    return this.db
      .select({ name, count: sql<number>`count(*)::int` })
      .from(sql`${images}, unnest(${images.tags}) as tag`)
      .where(includePrivate ? undefined : eq(images.visibility, 'public' satisfies Visibility))
      .groupBy(name)
      .orderBy(sql`count(*) desc`, name);
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
