import { Route } from '@angular/router';
import { authGuard, enrolmentGuard, scopeGuard, visitorGuard } from './core/auth/auth-guard';
import { MANAGE_OTHERS_SCOPE } from './core/auth/may-manage-others';

/** Guards run again when the session ends in another tab (AuthService reloads the current URL). */
const guarded = { runGuardsAndResolvers: 'always' } as const;

export const appRoutes: Route[] = [
  {
    path: 'login',
    canActivate: [visitorGuard],
    loadComponent: () => import('./login/login-page').then((m) => m.LoginPage),
    title: 'Log in · Lightbox',
  },
  {
    path: 'settings/security',
    ...guarded,
    canActivate: [authGuard],
    loadComponent: () => import('./settings/security/security-page').then((m) => m.SecurityPage),
    title: 'Security · Lightbox',
  },
  {
    // Every page but the Security page waits until a second factor the policy asks for is added.
    path: '',
    canActivateChild: [enrolmentGuard],
    children: [
      { path: '', loadComponent: () => import('./gallery/gallery-page').then((m) => m.GalleryPage), title: 'Lightbox' },
      {
        path: 'images/:id',
        loadComponent: () => import('./gallery/image-page').then((m) => m.ImagePage),
        title: 'Image · Lightbox',
      },
      {
        path: 'albums',
        loadComponent: () => import('./albums/albums-page').then((m) => m.AlbumsPage),
        title: 'Albums · Lightbox',
      },
      {
        path: 'albums/:id',
        loadComponent: () => import('./albums/album-page').then((m) => m.AlbumPage),
        title: 'Album · Lightbox',
      },
      {
        path: 'upload',
        ...guarded,
        canActivate: [scopeGuard('images:write')],
        loadComponent: () => import('./upload/upload-page').then((m) => m.UploadPage),
        title: 'Upload · Lightbox',
      },
      {
        path: 'settings',
        children: [
          {
            path: 'api-keys',
            ...guarded,
            canActivate: [scopeGuard('api-keys:manage')],
            loadComponent: () => import('./settings/api-keys-page').then((m) => m.ApiKeysPage),
            title: 'API keys · Lightbox',
          },
          {
            // People only, as the API has it: an API key never manages links.
            path: 'shared-links',
            ...guarded,
            canActivate: [authGuard],
            loadComponent: () => import('./share-links/shared-links-page').then((m) => m.SharedLinksPage),
            title: 'Shared links · Lightbox',
          },
          {
            path: 'sessions',
            ...guarded,
            canActivate: [authGuard],
            loadComponent: () => import('./settings/sessions-page').then((m) => m.SessionsPage),
            title: 'Sessions · Lightbox',
          },
          { path: '', pathMatch: 'full', redirectTo: 'sessions' },
        ],
      },
      {
        path: 'admin',
        children: [
          {
            path: 'users',
            ...guarded,
            canActivate: [scopeGuard(MANAGE_OTHERS_SCOPE)],
            loadComponent: () => import('./admin/users-page').then((m) => m.UsersPage),
            title: 'Users · Lightbox',
          },
          {
            path: 'audit',
            ...guarded,
            canActivate: [scopeGuard('audit:read')],
            loadComponent: () => import('./admin/audit-page').then((m) => m.AuditPage),
            title: 'Audit log · Lightbox',
          },
          { path: '', pathMatch: 'full', redirectTo: 'users' },
        ],
      },
    ],
  },
  {
    path: 'signup',
    canActivate: [visitorGuard],
    loadComponent: () => import('./join/signup-page').then((m) => m.SignupPage),
    title: 'Create an account · Lightbox',
  },
  {
    // An invitation is looked at by anyone who holds it, signed in or not (its page says what then).
    path: 'join/:token',
    loadComponent: () => import('./join/join-page').then((m) => m.JoinPage),
    title: 'Join · Lightbox',
  },
  {
    // A share link opens for anyone who holds it: signed in or not, held back by the security policy or not.
    path: 's/:token',
    loadComponent: () => import('./share/share-page').then((m) => m.SharePage),
    title: 'Shared with you · Lightbox',
  },
  {
    path: 'forbidden',
    loadComponent: () => import('./errors/forbidden-page').then((m) => m.ForbiddenPage),
    title: 'Not allowed · Lightbox',
  },
  {
    path: '**',
    loadComponent: () => import('./errors/not-found-page').then((m) => m.NotFoundPage),
    title: 'Not found · Lightbox',
  },
];
