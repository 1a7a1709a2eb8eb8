import { problemOf } from './problem';

/** The API's field names in the words its forms use, where they differ from the name itself. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  tags: 'Tag',
  scopes: 'Scope',
  image_ids: 'Image',
  max_views: 'Most views',
  expires_at: 'Expiry',
  expires_in: 'Expiry',
  new_password: 'New password',
  current_password: 'Current password',
  cover_image_id: 'Cover',
  cursor: 'Page',
};

/** A field the API named, as a person reads it: `title` is "Title", `tags.3` "Tag 4", `max_views` "Most views". */
export function fieldInWords(path: string): string {
  const [field, index] = path.split('.');
  const words = FIELD_WORDS[field] ?? field.charAt(0).toUpperCase() + field.slice(1).replaceAll('_', ' ');
  return index !== undefined && /^\d+$/.test(index) ? `${words} ${Number(index) + 1}` : words;
}

/**
 * The server's words for each field it refused, keyed by the field (`tags.3` under `tags`), for a
 * form to show beside that field; the first for each, naming the item when it was one of a list.
 */
export function fieldProblems(refusal: unknown): ReadonlyMap<string, string> {
  const problems = new Map<string, string>();
  for (const { path, message } of problemOf(refusal).errors ?? []) {
    const field = path?.split('.')[0];
    if (!field || problems.has(field)) continue;
    problems.set(field, path === field ? message : `${fieldInWords(path)}: ${message}`);
  }
  return problems;
}
