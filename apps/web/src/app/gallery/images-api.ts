import { HttpClient, HttpEvent } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Image, ImageListQuery, ImagePage, Rendition, TagCount, UpdateImageRequest, UploadImageForm } from '@lightbox/auth-contracts';
import type { Observable } from 'rxjs';
import { apiQuery, apiUrl } from '../core/api';

/** The original file, or one of the renditions made at upload (`RENDITION_SIZES`). */
export type ImageBytesVariant = 'file' | Rendition;

export type ImageFilter = Pick<ImageListQuery, 'tag' | 'q'>;

export type NewImage = UploadImageForm & { file: File };

export function imageBytesUrl(id: string, variant: ImageBytesVariant): string {
  return apiUrl('images', id, variant);
}

/** The gallery's calls to the API, one method each. */
@Injectable({ providedIn: 'root' })
export class ImagesApi {
  private readonly http = inject(HttpClient);

  list(filter: ImageFilter, cursor: string | null): Observable<ImagePage> {
    return this.http.get<ImagePage>(apiUrl('images'), { params: apiQuery({ ...filter, cursor }) });
  }

  get(id: string): Observable<Image> {
    return this.http.get<Image>(apiUrl('images', id));
  }

  tags(): Observable<TagCount[]> {
    return this.http.get<TagCount[]>(apiUrl('tags'));
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
    return this.http.post<Image>(apiUrl('images'), body, { reportProgress: true, observe: 'events' });
  }

  update(id: string, change: UpdateImageRequest): Observable<Image> {
    return this.http.patch<Image>(apiUrl('images', id), change);
  }

  delete(id: string): Observable<void> {
    return this.http.delete<void>(apiUrl('images', id));
  }
}
