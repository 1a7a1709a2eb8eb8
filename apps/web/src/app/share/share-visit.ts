import { HttpClient, HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import {
  ErrorCode,
  type Image,
  type ImagePage,
  type OpenShareLinkRequest,
  SHARE_LINK_END_REASONS,
  SHARE_TOKEN_HEADER,
  type ShareLinkEndReason,
  type ShareTokenResponse,
} from '@lightbox/auth-contracts';
import { catchError, defer, firstValueFrom, from, type Observable, switchMap, tap, throwError } from 'rxjs';
import { apiQuery, apiUrl } from '../core/api';
import { errorMessage } from '../core/error-message';
import { oneOf } from '../core/one-of';
import { hasCode, problemOf } from '../core/problem';

/** The bytes a visitor may fetch: a grid's, the viewer's, and (when the link allows) the original. */
export type SharedBytes = 'thumbnail' | 'preview' | 'file';

/** Why a link shows nothing: the server does not know it, or it has ended for one of the contract's reasons. */
export type LinkEnd = 'unknown' | ShareLinkEndReason;

/** Where a visit stands: being opened, waiting for the password, open, ended, or stuck (no answer). */
export type Visit =
  | { readonly step: 'opening' }
  | { readonly step: 'password'; readonly problem: string | null }
  | { readonly step: 'open'; readonly access: ShareTokenResponse }
  | { readonly step: 'ended'; readonly why: LinkEnd }
  | { readonly step: 'failed'; readonly problem: string };

/** What the API's refusal of an opening means for the visit. */
function visitAfter(error: unknown, withPassword: boolean): Visit {
  const problem = problemOf(error);
  switch (problem.code) {
    case ErrorCode.ShareLinkPasswordRequired:
      return { step: 'password', problem: null };
    case ErrorCode.InvalidCredentials:
      return { step: 'password', problem: 'Wrong password. Check it and try again.' };
    case ErrorCode.TooManyRequests:
      return withPassword ? { step: 'password', problem: errorMessage(error) } : { step: 'failed', problem: errorMessage(error) };
    case ErrorCode.InvalidShareLink:
      return { step: 'ended', why: 'unknown' };
    case ErrorCode.ShareLinkExpired:
      return { step: 'ended', why: endOf(error) };
    default:
      return { step: 'failed', problem: errorMessage(error) };
  }
}

/** The `reason` of a 410 share_link_expired; a reason this SPA does not know yet reads as expired. */
function endOf(error: unknown): ShareLinkEndReason {
  return oneOf(SHARE_LINK_END_REASONS, problemOf(error).reason ?? '') ?? 'expired';
}

/**
 * The refusal of a request for bytes carries its problem+json as a Blob, like the bytes it would
 * have carried: read it, so that its code can be seen.
 */
async function withReadableProblem(error: unknown): Promise<unknown> {
  if (!(error instanceof HttpErrorResponse && error.error instanceof Blob)) return error;
  try {
    const problem: unknown = JSON.parse(await error.error.text());
    return new HttpErrorResponse({ error: problem, headers: error.headers, status: error.status, statusText: error.statusText, url: error.url ?? undefined });
  } catch {
    return error;
  }
}

/**
 * One visitor's look at one share link. The link's token (the last part of its address) is
 * exchanged for a short-lived share token, which lives here, in memory, while the page is open:
 * it goes with every read as X-Share-Token, never in an address, never into storage, and never
 * with the bearer token of whoever is signed in here (the interceptor leaves these requests alone).
 * Provided by the share page, so it ends with it.
 */
@Injectable()
export class ShareVisit {
  private readonly http = inject(HttpClient);
  private readonly current = signal<Visit>({ step: 'opening' });
  private link = '';
  private shareToken: string | null = null;
  /** Counts the links opened: an answer for a link the page has left is dropped. */
  private generation = 0;
  private reopening: Promise<boolean> | null = null;

  readonly visit = this.current.asReadonly();

  /** Opens the link of the page's address: first without a password, then with the one the visitor typed. */
  async open(link: string, password?: string): Promise<void> {
    const generation = ++this.generation;
    this.link = link;
    this.shareToken = null;
    this.reopening = null;
    if (password === undefined) this.current.set({ step: 'opening' });
    const visit = await this.exchange(generation, password);
    if (generation === this.generation) this.current.set(visit);
  }

  image(id: string): Observable<Image> {
    return this.read((headers) => this.http.get<Image>(apiUrl('images', id), { headers }));
  }

  /** The images of the album the link opens, in the album's order. */
  albumImages(albumId: string, cursor: string | null): Observable<ImagePage> {
    return this.read((headers) => this.http.get<ImagePage>(apiUrl('albums', albumId, 'images'), { headers, params: apiQuery({ cursor }) }));
  }

  bytes(imageId: string, variant: SharedBytes): Observable<Blob> {
    return this.read((headers) => this.http.get(apiUrl('images', imageId, variant), { headers, responseType: 'blob' }));
  }

  /**
   * A read with the share token. A link that ended meanwhile (revoked, expired, used up) ends the
   * visit. A share token that ran out is exchanged again, once for all the reads that met it, and
   * each is sent again once; a link with a password asks for it again.
   */
  private read<T>(request: (headers: HttpHeaders) => Observable<T>): Observable<T> {
    const generation = this.generation;
    const send = () =>
      defer(() => request(new HttpHeaders({ [SHARE_TOKEN_HEADER]: this.shareToken ?? '' }))).pipe(
        catchError((error: unknown) => from(withReadableProblem(error)).pipe(switchMap((readable) => throwError(() => readable)))),
      );
    return send().pipe(
      catchError((error: unknown) => {
        if (!hasCode(error, ErrorCode.TokenExpired)) return throwError(() => error);
        return from(this.reopen(generation)).pipe(switchMap((open) => (open ? send() : throwError(() => error))));
      }),
      tap({
        error: (error: unknown) => {
          if (generation === this.generation && hasCode(error, ErrorCode.ShareLinkExpired)) this.current.set({ step: 'ended', why: endOf(error) });
        },
      }),
    );
  }

  private reopen(generation: number): Promise<boolean> {
    this.reopening ??= this.exchange(generation).then((visit) => {
      this.reopening = null;
      if (generation !== this.generation) return false;
      // The password is not kept: the visitor is asked for it again.
      this.current.set(visit.step === 'password' && visit.problem === null ? { step: 'password', problem: 'The link was open for a while: enter its password again.' } : visit);
      return visit.step === 'open';
    });
    return this.reopening;
  }

  /** The link's token for a share token; the answer, or the refusal, as the visit it leads to. */
  private async exchange(generation: number, password?: string): Promise<Visit> {
    const body: OpenShareLinkRequest = password === undefined ? { token: this.link } : { token: this.link, password };
    try {
      const access = await firstValueFrom(this.http.post<ShareTokenResponse>(apiUrl('share-links', 'access'), body));
      if (generation === this.generation) this.shareToken = access.share_token;
      return { step: 'open', access };
    } catch (error) {
      return visitAfter(error, password !== undefined);
    }
  }
}
