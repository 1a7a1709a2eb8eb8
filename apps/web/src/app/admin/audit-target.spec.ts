import type { AuditEvent } from '@lightbox/auth-contracts';
import { auditTarget } from './audit-target';

const IMAGE = '0f8fad5b-d9cb-469f-a165-70867728950e';

function anEvent(change: Partial<AuditEvent>): AuditEvent {
  return { id: 'e1', at: '2026-11-01T10:00:00.000Z', action: 'image.uploaded', outcome: 'success', actor: 'ada', target: null, ip: null, user_agent: null, details: null, ...change };
}

describe('auditTarget', () => {
  it.each<[string, Partial<AuditEvent>, ReturnType<typeof auditTarget>]>([
    ['an image by its title, linked', { target: `image:${IMAGE}`, details: { title: 'harbour' } }, { text: 'Image “harbour”', link: ['/images', IMAGE] }],
    ['a deleted image, not linked', { action: 'image.deleted', target: `image:${IMAGE}`, details: { title: 'harbour' } }, { text: 'Image “harbour”' }],
    ['an untitled image', { target: `image:${IMAGE}`, details: { title: '' } }, { text: 'Image “Untitled”', link: ['/images', IMAGE] }],
    ['an album', { action: 'album.created', target: `album:${IMAGE}`, details: { title: 'Brittany' } }, { text: 'Album “Brittany”', link: ['/albums', IMAGE] }],
    ['a share link by label and prefix', { action: 'share_link.revoked', target: `share_link:${IMAGE}`, details: { label: 'for grandma', prefix: 'lbs_AbCd' } }, { text: 'Share link “for grandma” (lbs_AbCd)', link: ['/settings/shared-links'] }],
    ['an API key by its prefix', { action: 'api_key.created', target: 'api_key:lbx_AbCd1234' }, { text: 'API key lbx_AbCd1234…' }],
    ['an invitation by its note', { action: 'invitation.created', target: `invitation:${IMAGE}`, details: { note: 'for Ada' } }, { text: 'Invitation “for Ada”', link: ['/admin/users'] }],
    ['a session', { action: 'login.succeeded', target: `session:${IMAGE}` }, { text: 'A session' }],
    ['every session', { action: 'session.revoked', target: 'all' }, { text: 'Every session' }],
    ['a username as it is', { action: 'user.created', target: 'grace' }, { text: 'grace' }],
    ['nothing', { action: 'logout', target: null }, null],
  ])('shows %s', (_case, change, shown) => {
    expect(auditTarget(anEvent(change))).toEqual(shown);
  });
});
