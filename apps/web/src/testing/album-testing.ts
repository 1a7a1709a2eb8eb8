import type { Album, CreatedShareLink, ShareLink, ShareTokenResponse } from '@lightbox/auth-contracts';
import { aUser } from './auth-testing';

/** A private album arranged by hand, owned by `aUser()`. */
export function anAlbum(title: string, change: Partial<Album> = {}): Album {
  return {
    id: `album-${title.replace(/ /g, '-')}`,
    title,
    description: '',
    visibility: 'private',
    sort: 'manual',
    cover_image_id: null,
    image_count: 0,
    owner: { id: aUser().id, username: aUser().username },
    created_at: '2026-11-01T10:00:00.000Z',
    updated_at: '2026-11-01T10:00:00.000Z',
    ...change,
  };
}

/** An active link to an album, without a password, downloads, or a view limit, made by `aUser()`. */
export function aShareLink(label: string, change: Partial<ShareLink> = {}): ShareLink {
  return {
    id: `link-${label.replace(/ /g, '-')}`,
    label,
    prefix: 'lbs_7Hq2Xk9a',
    target: { kind: 'album', album_id: 'album-Brittany', title: 'Brittany' },
    allow_download: false,
    has_password: false,
    expires_at: '2026-12-01T10:00:00.000Z',
    max_views: null,
    views: 0,
    last_accessed_at: null,
    revoked_at: null,
    status: 'active',
    created_by: { id: aUser().id, username: aUser().username },
    created_at: '2026-11-01T10:00:00.000Z',
    ...change,
  };
}

/** The answer to a create: the link with its token and URL, shown this once. */
export function aCreatedShareLink(link: ShareLink, token = 'lbs_7Hq2Xk9aR4mW1pLzT8vB3nC6dF0gJ5sY2hKq9e'): CreatedShareLink {
  return { ...link, token, url: `http://localhost/s/${token}` };
}

/** What opening a link to the album "Brittany" answers. */
export function anAlbumAccess(change: Partial<ShareTokenResponse> = {}): ShareTokenResponse {
  return {
    share_token: 'share-token-1',
    expires_in: 3600,
    shared: { kind: 'album', album: { id: 'album-Brittany', title: 'Brittany', description: 'Summer by the sea.', sort: 'manual' } },
    allow_download: false,
    label: 'for grandma',
    ...change,
  };
}
