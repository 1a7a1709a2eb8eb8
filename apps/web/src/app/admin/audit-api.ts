import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AuditPage, AuditQuery } from '@lightbox/auth-contracts';
import type { Observable } from 'rxjs';
import { apiQuery, apiUrl } from '../core/api';

export type AuditFilter = Pick<AuditQuery, 'action' | 'actor' | 'exclude_action'>;

/** The audit log's call to the API. */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  list(filter: AuditFilter, cursor: string | null): Observable<AuditPage> {
    return this.http.get<AuditPage>(apiUrl('audit-events'), { params: apiQuery({ ...filter, cursor }) });
  }
}
