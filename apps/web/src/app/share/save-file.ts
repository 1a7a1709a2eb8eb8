import type { Image, ImageContentType } from '@lightbox/auth-contracts';

const EXTENSIONS: Readonly<Record<ImageContentType, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
};

/** The name an original is saved under: its title (without characters file systems refuse), and its type's extension. */
export function fileNameOf(image: Pick<Image, 'title' | 'content_type'>): string {
  const base = image.title.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').trim() || 'image';
  return `${base}.${EXTENSIONS[image.content_type]}`;
}

/** Saves bytes the page fetched (a link to them could not carry the share token) as a download. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the object URL by now; a later release lets slow browsers finish reading it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
