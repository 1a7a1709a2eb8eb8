import { normalizeUsername } from './username';

describe('normalizeUsername', () => {
  it('folds ASCII case', () => {
    expect(normalizeUsername('Mini-X')).toBe('mini-x');
  });

  it('turns fullwidth and other compatibility forms into the ASCII they stand for', () => {
    expect(normalizeUsername('ｍｉｎｉ－ｘ')).toBe('mini-x');
    expect(normalizeUsername('\u212Aelvin')).toBe('kelvin'); // KELVIN SIGN
  });

  it.each([
    ['dotted capital I', 'minİ-x'],
    ['combining dot above', 'mini\u0307-x'],
    ['sharp s', 'straße'],
  ])('leaves %s alone, whatever the locale would do, so it matches no ASCII name', (_name, username) => {
    expect(normalizeUsername(username)).not.toMatch(/^[a-z0-9._-]+$/);
  });
});
