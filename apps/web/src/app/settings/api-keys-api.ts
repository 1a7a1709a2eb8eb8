import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ApiKey, ApiKeyList, CreateApiKeyRequest, CreatedApiKey, RotateApiKeyRequest } from '@lightbox/auth-contracts';
import { map, type Observable } from 'rxjs';
import { apiUrl } from '../core/api';

/** The API-key settings' calls to the API, one method each. */
@Injectable({ providedIn: 'root' })
export class ApiKeysApi {
  private readonly http = inject(HttpClient);

  list(): Observable<ApiKey[]> {
    return this.http.get<ApiKeyList>(apiUrl('api-keys')).pipe(map((list) => list.items));
  }

  /** The answer carries the key itself, the only time the API ever sends it. */
  create(key: CreateApiKeyRequest): Observable<CreatedApiKey> {
    return this.http.post<CreatedApiKey>(apiUrl('api-keys'), key);
  }

  /** A new key in place of this one; the old keeps working for the grace period. */
  rotate(id: string, rotation: RotateApiKeyRequest): Observable<CreatedApiKey> {
    return this.http.post<CreatedApiKey>(apiUrl('api-keys', id, 'rotate'), rotation);
  }

  revoke(id: string): Observable<void> {
    return this.http.delete<void>(apiUrl('api-keys', id));
  }
}
