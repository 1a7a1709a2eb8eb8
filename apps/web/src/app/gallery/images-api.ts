import { HttpClient, HttpEvent, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Image, ImageListQuery, ImagePage, TagCount, UpdateImageRequest, UploadImageForm } from '@lightbox/auth-contracts';
import type { Observable } from 'rxjs';
import { API_BASE } from '../core/api';

const IMAGES = `${API_BASE}/images`;

export type ImageBytesVariant = 'file' | 'thumbnail';

export type ImageFilter = Pick<ImageListQuery, 'tag' | 'q'>;

export type NewImage = UploadImageForm & { file: File };

export function imageBytesUrl(id: string, variant: ImageBytesVariant): string {
  return `${IMAGES}/${encodeURIComponent(id)}/${variant}`;
}

/** The gallery's calls to the API, one method each. */
@Injectable({ providedIn: 'root' })
export class ImagesApi {
  private readonly http = inject(HttpClient);

  list(filter: ImageFilter, cursor: string | null): Observable<ImagePage> {
    let params = new HttpParams();
    if (filter.tag) params = params.set('tag', filter.tag);
    if (filter.q) params = params.set('q', filter.q);
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<ImagePage>(IMAGES, { params });
  }

  get(id: string): Observable<Image> {
    return this.http.get<Image>(`${IMAGES}/${encodeURIComponent(id)}`);
  }

  tags(): Observable<TagCount[]> {
    return this.http.get<TagCount[]>(`${API_BASE}/tags`);
  }

  /** Private bytes need the bearer token, which an `<img src>` cannot send. */
  bytes(id: string, variant: ImageBytesVariant): Observable<Blob> {
    return this.http.get(imageBytesUrl(id, variant), { responseType: 'blob' });
  }

  upload(image: NewImage): Observable<HttpEvent<Image>> {
    const { file, ...fields } = image;
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) body.set(name, value);
    body.set('file', file);
    return this.http.post<Image>(IMAGES, body, { reportProgress: true, observe: 'events' });
  }

  update(id: string, change: UpdateImageRequest): Observable<Image> {
    return this.http.patch<Image>(`${IMAGES}/${encodeURIComponent(id)}`, change);
  }

  delete(id: string): Observable<void> {
    return this.http.delete<void>(`${IMAGES}/${encodeURIComponent(id)}`);
  }
}
