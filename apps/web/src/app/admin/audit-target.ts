import type { AuditEvent } from '@lightbox/auth-contracts';

/** An event's target as a person reads it, and where it can be opened, if it still can. */
export interface AuditTarget {
  readonly text: string;
  readonly link?: readonly string[];
}

const TYPED = /^(image|album|share_link|api_key|invitation|session|passkey):(.+)$/;

function detail(event: AuditEvent, name: string): string | null {
  const value = event.details?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The API records what an event was done to as `kind:id` (or a username), with the thing's name
 * beside it in `details` as it was then: the name is shown, linked while the thing exists.
 */
export function auditTarget(event: AuditEvent): AuditTarget | null {
  if (!event.target) return null;
  if (event.target === 'all') return { text: 'Every session' };
  const typed = TYPED.exec(event.target);
  if (!typed) return { text: event.target };
  const [, kind, id] = typed;
  const gone = event.action.endsWith('.deleted');
  switch (kind) {
    case 'image':
      return { text: `Image “${detail(event, 'title') ?? 'Untitled'}”`, link: gone ? undefined : ['/images', id] };
    case 'album':
      return { text: `Album “${detail(event, 'title') ?? 'Untitled'}”`, link: gone ? undefined : ['/albums', id] };
    case 'share_link': {
      const label = detail(event, 'label');
      return { text: `Share link ${label ? `“${label}” ` : ''}(${detail(event, 'prefix') ?? id})`, link: ['/settings/shared-links'] };
    }
    case 'api_key':
      return { text: `API key ${id}…` };
    case 'invitation': {
      const note = detail(event, 'note');
      return { text: note ? `Invitation “${note}”` : 'An invitation', link: ['/admin/users'] };
    }
    case 'session':
      return { text: 'A session' };
    default:
      return { text: 'A passkey' };
  }
}
