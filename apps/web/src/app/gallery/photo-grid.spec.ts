import { renditionWidth } from '@lightbox/auth-contracts';
import { photoRatio, photoSizes } from './photo-grid';

describe('the photo grid', () => {
  it('gives each tile its shape, within a range no tile is lost in', () => {
    expect(photoRatio({ width: 4000, height: 3000 })).toBe(1.333);
    expect(photoRatio({ width: 3000, height: 4000 })).toBe(0.75);
    expect(photoRatio({ width: 12000, height: 1000 })).toBe(2.5);
    expect(photoRatio({ width: 100, height: 1000 })).toBe(0.5);
    expect(photoRatio({ width: 0, height: 0 })).toBe(1);
  });

  it('says how wide a tile may be laid out, on a phone and wider', () => {
    expect(photoSizes({ width: 1500, height: 1000 })).toBe('(max-width: 40rem) 9rem, 26rem');
  });

  it('knows each rendition’s width, never wider than the original', () => {
    expect(renditionWidth({ width: 4000, height: 3000 }, 'thumbnail')).toBe(480);
    expect(renditionWidth({ width: 3000, height: 4000 }, 'thumbnail')).toBe(360);
    expect(renditionWidth({ width: 4000, height: 3000 }, 'preview')).toBe(1600);
    expect(renditionWidth({ width: 300, height: 200 }, 'preview')).toBe(300);
  });
});
