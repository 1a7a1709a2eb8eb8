import type { Exif } from '@lightbox/auth-contracts';
import { exifLines, mapLink, placeName } from './exif-lines';

const NOTHING: Exif = {
  camera: null,
  lens: null,
  exposure_seconds: null,
  f_number: null,
  iso: null,
  focal_length_mm: null,
  taken_at: null,
  has_location: false,
  location: null,
};

describe('exifLines', () => {
  it('lists camera, lens, exposure as a photographer writes it, and the time on the camera’s clock', () => {
    const lines = exifLines({
      ...NOTHING,
      camera: 'FUJIFILM X-T4',
      lens: 'XF16-80mmF4 R OIS WR',
      exposure_seconds: 0.004,
      f_number: 5.6,
      iso: 160,
      focal_length_mm: 23,
      // An offset is recorded, yet the evening stays the evening wherever it is viewed.
      taken_at: '2024-07-14T18:03:12+02:00',
    });
    expect(lines.map((line) => line.label)).toEqual(['Camera', 'Lens', 'Exposure', 'Taken']);
    expect(lines[2].value).toBe('1/250 s · f/5.6 · ISO 160 · 23 mm');
    expect(lines[3].value).toMatch(/2024/);
    expect(lines[3].value).toMatch(/18:03|6:03/);
  });

  it('leaves out what was not recorded, and has nothing for a file that recorded nothing', () => {
    expect(exifLines(null)).toEqual([]);
    expect(exifLines(NOTHING)).toEqual([]);
    expect(exifLines({ ...NOTHING, exposure_seconds: 2, iso: 3200 })).toEqual([{ label: 'Exposure', value: '2 s · ISO 3200' }]);
    expect(exifLines({ ...NOTHING, exposure_seconds: 1 / 3 })[0].value).toBe('1/3 s');
  });
});

describe('placeName and mapLink', () => {
  it('name a place by hemisphere and link it on OpenStreetMap', () => {
    const harbour = { latitude: 48.6493, longitude: -2.0257 };
    expect(placeName(harbour)).toBe('48.6493° N, 2.0257° W');
    expect(placeName({ latitude: -33.8568, longitude: 151.2153 })).toBe('33.8568° S, 151.2153° E');
    expect(mapLink(harbour)).toBe('https://www.openstreetmap.org/?mlat=48.6493&mlon=-2.0257#map=15/48.6493/-2.0257');
  });
});
