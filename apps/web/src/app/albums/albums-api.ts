import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Album, AlbumImagesRequest, AlbumOrderRequest, AlbumPage, CreateAlbumRequest, ImagePage, UpdateAlbumRequest } from '@lightbox/auth-contracts';
import type { Observable } from 'rxjs';
import { apiQuery, apiUrl } from '../core/api';

/** The albums' calls to the API, one method each. */
@Injectable({ providedIn: 'root' })
export class AlbumsApi {
  private readonly http = inject(HttpClient);

  list(cursor: string | null): Observable<AlbumPage> {
    return this.http.get<AlbumPage>(apiUrl('albums'), { params: apiQuery({ cursor }) });
  }

  get(id: string): Observable<Album> {
    return this.http.get<Album>(apiUrl('albums', id));
  }

  create(album: CreateAlbumRequest): Observable<Album> {
    return this.http.post<Album>(apiUrl('albums'), album);
  }

  update(id: string, change: UpdateAlbumRequest): Observable<Album> {
    return this.http.patch<Album>(apiUrl('albums', id), change);
  }

  /** The album only: its images stay in the gallery. */
  delete(id: string): Observable<void> {
    return this.http.delete<void>(apiUrl('albums', id));
  }

  /** Its images in the album's order. */
  images(id: string, cursor: string | null): Observable<ImagePage> {
    return this.http.get<ImagePage>(apiUrl('albums', id, 'images'), { params: apiQuery({ cursor }) });
  }

  /** At the end, in this order; an image already in it stays where it is. */
  addImages(id: string, imageIds: readonly string[]): Observable<Album> {
    return this.http.put<Album>(apiUrl('albums', id, 'images'), { image_ids: [...imageIds] } satisfies AlbumImagesRequest);
  }

  removeImages(id: string, imageIds: readonly string[]): Observable<Album> {
    return this.http.delete<Album>(apiUrl('albums', id, 'images'), { body: { image_ids: [...imageIds] } satisfies AlbumImagesRequest });
  }

  /** These images first, in this order; the others follow in the order they had. */
  arrange(id: string, imageIds: readonly string[]): Observable<void> {
    return this.http.put<void>(apiUrl('albums', id, 'order'), { image_ids: [...imageIds] } satisfies AlbumOrderRequest);
  }
}
