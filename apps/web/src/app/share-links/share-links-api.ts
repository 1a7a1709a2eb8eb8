import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreatedShareLink,
  CreateShareLinkRequest,
  ShareAccessPage,
  ShareLink,
  ShareLinkListQuery,
  ShareLinkPage,
  ShareLinkTarget,
  UpdateShareLinkRequest,
} from '@lightbox/auth-contracts';
import type { Observable } from 'rxjs';
import { apiQuery, apiUrl } from '../core/api';

/** Which links to list: those of one album, of one image, or (neither) all of them. */
export type ShareLinkFilter = Pick<ShareLinkListQuery, 'album_id' | 'image_id'>;

/** The share links' calls to the API, one method each. */
@Injectable({ providedIn: 'root' })
export class ShareLinksApi {
  private readonly http = inject(HttpClient);

  /** The user's own links; everyone's for those who manage people. Revoked ones stay listed. */
  list(filter: ShareLinkFilter, cursor: string | null): Observable<ShareLinkPage> {
    return this.http.get<ShareLinkPage>(apiUrl('share-links'), { params: apiQuery({ ...filter, cursor }) });
  }

  get(id: string): Observable<ShareLink> {
    return this.http.get<ShareLink>(apiUrl('share-links', id));
  }

  /** The answer carries the link's URL and token, the only time the API ever sends them. */
  create(target: ShareLinkTarget, link: CreateShareLinkRequest): Observable<CreatedShareLink> {
    const url = target.kind === 'album' ? apiUrl('albums', target.album_id, 'share-links') : apiUrl('images', target.image_id, 'share-links');
    return this.http.post<CreatedShareLink>(url, link);
  }

  update(id: string, change: UpdateShareLinkRequest): Observable<ShareLink> {
    return this.http.patch<ShareLink>(apiUrl('share-links', id), change);
  }

  /** The link stops opening at once, also for visitors who have it open; it stays listed, revoked. */
  revoke(id: string): Observable<void> {
    return this.http.delete<void>(apiUrl('share-links', id));
  }

  accesses(id: string, cursor: string | null): Observable<ShareAccessPage> {
    return this.http.get<ShareAccessPage>(apiUrl('share-links', id, 'accesses'), { params: apiQuery({ cursor }) });
  }
}
