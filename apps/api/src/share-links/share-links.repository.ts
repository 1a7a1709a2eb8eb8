import type { AlbumSort } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { and, desc, eq, getTableColumns, isNull, or, sql, SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { albums, images, ShareLinkRow, shareLinkAccesses, shareLinks, users } from '../database/schema';

export type NewShareLink = typeof shareLinks.$inferInsert;
export type ShareLinkChanges = Partial<Pick<ShareLinkRow, 'label' | 'expiresAt' | 'passwordHash' | 'allowDownload' | 'maxViews'>>;
export type NewShareAccess = typeof shareLinkAccesses.$inferInsert;

/** A link with what its view shows: its target's title and owner, and who made it. */
export interface ShareLinkDetails extends ShareLinkRow {
  targetTitle: string;
  targetOwnerId: string;
  creatorUsername: string;
  albumDescription: string | null;
  albumSort: AlbumSort | null;
}

/** What the guard judges a share token by, cached per link (ShareLinkStates). */
export interface ShareLinkState {
  albumId: string | null;
  imageId: string | null;
  targetOwnerId: string;
  allowDownload: boolean;
  expiresAt: Date | null;
  revokedAt: Date | null;
  maxViews: number | null;
}

export interface ShareLinkFilter {
  /** Undefined: everyone's links (for those who manage users). */
  visibleTo?: string;
  albumId?: string;
  imageId?: string;
  after?: { createdAt: Date; id: string };
  limit: number;
}

const creators = alias(users, 'creators');

const targetOwnerId = sql<string>`coalesce(${albums.ownerId}, ${images.ownerId})`;
const details = {
  ...getTableColumns(shareLinks),
  targetTitle: sql<string>`coalesce(${albums.title}, ${images.title})`,
  targetOwnerId,
  creatorUsername: creators.username,
  albumDescription: albums.description,
  albumSort: albums.sort,
};

@Injectable()
export class ShareLinksRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(link: NewShareLink): Promise<string> {
    const [{ id }] = await this.db.insert(shareLinks).values(link).returning({ id: shareLinks.id });
    return id;
  }

  /** Who owns what a new link would open (the album's or image's owner), or undefined when it does not exist. */
  async targetOwner(target: { kind: 'album' | 'image'; id: string }): Promise<string | undefined> {
    const table = target.kind === 'album' ? albums : images;
    const [row] = await this.db.select({ ownerId: table.ownerId }).from(table).where(eq(table.id, target.id));
    return row?.ownerId;
  }

  async findById(id: string): Promise<ShareLinkDetails | undefined> {
    const [row] = await this.withDetails().where(eq(shareLinks.id, id));
    return row;
  }

  async findByTokenHash(tokenHash: string): Promise<ShareLinkDetails | undefined> {
    const [row] = await this.withDetails().where(eq(shareLinks.tokenHash, tokenHash));
    return row;
  }

  page(filter: ShareLinkFilter): Promise<ShareLinkDetails[]> {
    const conditions: (SQL | undefined)[] = [
      filter.visibleTo ? or(eq(shareLinks.createdBy, filter.visibleTo), eq(targetOwnerId, filter.visibleTo)) : undefined,
      filter.albumId ? eq(shareLinks.albumId, filter.albumId) : undefined,
      filter.imageId ? eq(shareLinks.imageId, filter.imageId) : undefined,
      filter.after
        ? sql`(${shareLinks.createdAt}, ${shareLinks.id}) < (${filter.after.createdAt.toISOString()}::timestamptz, ${filter.after.id}::uuid)`
        : undefined,
    ];
    return this.withDetails()
      .where(and(...conditions))
      .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id))
      .limit(filter.limit);
  }

  async state(id: string): Promise<ShareLinkState | undefined> {
    const [row] = await this.db
      .select({
        albumId: shareLinks.albumId,
        imageId: shareLinks.imageId,
        targetOwnerId,
        allowDownload: shareLinks.allowDownload,
        expiresAt: shareLinks.expiresAt,
        revokedAt: shareLinks.revokedAt,
        maxViews: shareLinks.maxViews,
      })
      .from(shareLinks)
      .leftJoin(albums, eq(albums.id, shareLinks.albumId))
      .leftJoin(images, eq(images.id, shareLinks.imageId))
      .where(eq(shareLinks.id, id));
    return row;
  }

  /** False when the link was revoked meanwhile: a revoked link is never changed again. */
  async update(id: string, changes: ShareLinkChanges): Promise<boolean> {
    const updated = await this.db
      .update(shareLinks)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(shareLinks.id, id), isNull(shareLinks.revokedAt)))
      .returning({ id: shareLinks.id });
    return updated.length > 0;
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const revoked = await this.db
      .update(shareLinks)
      .set({ revokedAt: at, updatedAt: sql`now()` })
      .where(and(eq(shareLinks.id, id), isNull(shareLinks.revokedAt)))
      .returning({ id: shareLinks.id });
    return revoked.length > 0;
  }

  /**
   * Counts one opening, if the link still opens at `now`: the view's number, or undefined. One
   * conditional UPDATE, so that visitors racing for the last view cannot both have it.
   */
  async countView(id: string, now: Date): Promise<number | undefined> {
    const [row] = await this.db
      .update(shareLinks)
      .set({ views: sql`${shareLinks.views} + 1`, lastAccessedAt: now })
      .where(
        and(
          eq(shareLinks.id, id),
          isNull(shareLinks.revokedAt),
          or(isNull(shareLinks.expiresAt), sql`${shareLinks.expiresAt} > ${now.toISOString()}::timestamptz`),
          or(isNull(shareLinks.maxViews), sql`${shareLinks.views} < ${shareLinks.maxViews}`),
        ),
      )
      .returning({ views: shareLinks.views });
    return row?.views;
  }

  async recordAccess(access: NewShareAccess): Promise<void> {
    await this.db.insert(shareLinkAccesses).values(access);
  }

  accesses(linkId: string, after: { createdAt: Date; id: string } | undefined, limit: number) {
    return this.db
      .select()
      .from(shareLinkAccesses)
      .where(
        and(
          eq(shareLinkAccesses.linkId, linkId),
          after ? sql`(${shareLinkAccesses.at}, ${shareLinkAccesses.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(shareLinkAccesses.at), desc(shareLinkAccesses.id))
      .limit(limit);
  }

  private withDetails() {
    return this.db
      .select(details)
      .from(shareLinks)
      .innerJoin(creators, eq(creators.id, shareLinks.createdBy))
      .leftJoin(albums, eq(albums.id, shareLinks.albumId))
      .leftJoin(images, eq(images.id, shareLinks.imageId))
      .$dynamic();
  }
}
