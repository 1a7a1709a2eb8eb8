import { VISIBILITIES } from '@lightbox/auth-contracts';
import { oneOf } from './one-of';

describe('oneOf', () => {
  it.each([
    ['public', 'public'],
    ['', undefined],
    ['Public', undefined],
  ])('reads %j as %j', (value, expected) => {
    expect(oneOf(VISIBILITIES, value)).toBe(expected);
  });
});
