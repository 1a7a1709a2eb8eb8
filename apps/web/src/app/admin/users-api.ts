import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreateUserRequest, ManagedUser, UpdateUserRequest, User, UserList } from '@lightbox/auth-contracts';
import { map, type Observable } from 'rxjs';
import { apiUrl } from '../core/api';

/** The user administration's calls to the API, one method each. */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(): Observable<ManagedUser[]> {
    return this.http.get<UserList>(apiUrl('users')).pipe(map((list) => list.items));
  }

  create(user: CreateUserRequest): Observable<User> {
    return this.http.post<User>(apiUrl('users'), user);
  }

  update(id: string, change: UpdateUserRequest): Observable<User> {
    return this.http.patch<User>(apiUrl('users', id), change);
  }
}
