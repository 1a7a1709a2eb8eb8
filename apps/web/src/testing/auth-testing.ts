import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { LoginResponse, Scope, User } from '@lightbox/auth-contracts';
import { API_BASE } from '../app/core/api';
import { AuthService } from '../app/core/auth/auth-service';

export function aUser(scopes: Scope[] = ['images:read', 'images:write']): User {
  return {
    id: '0b8f3c2e-4a57-4d8e-9f8a-2f3b1c4d5e6f',
    username: 'ada',
    role: 'editor',
    scopes,
    active: true,
    created_at: '2026-11-01T10:00:00.000Z',
  };
}

export function aLoginResponse(token: string, user = aUser()): LoginResponse {
  return { access_token: token, token_type: 'Bearer', expires_in: 900, user };
}

/** Logs in through the real AuthService, answering its request as the API would. */
export async function signIn(token = 'token-1', user = aUser(), answer = aLoginResponse(token, user)): Promise<AuthService> {
  const auth = TestBed.inject(AuthService);
  const http = TestBed.inject(HttpTestingController);
  const login = auth.login({ username: user.username, password: 'correct horse battery' });
  await new Promise((resolve) => setTimeout(resolve)); // a login waits for the session lock, where there is one
  http.expectOne(`${API_BASE}/auth/login`).flush(answer);
  await login;
  return auth;
}

/** The login of a person the security policy holds back until they add a second factor: no scopes yet. */
export function aHeldBackLoginResponse(token: string): LoginResponse {
  return { ...aLoginResponse(token, aUser([])), mfa_enrolment_required: true };
}

/** Signed in as a person the security policy holds back until they add a second factor. */
export const signInHeldBack = (token = 'token-enrol') => signIn(token, aUser([]), aHeldBackLoginResponse(token));
