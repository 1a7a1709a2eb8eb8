import { HttpErrorResponse } from '@angular/common/http';
import { errorMessage } from './error-message';
import { fieldInWords, fieldProblems } from './field-problems';

const refusal = (errors: { path: string; message: string }[]) =>
  new HttpErrorResponse({ status: 400, error: { code: 'validation_failed', status: 400, title: 'Bad Request', errors } });

describe('field problems', () => {
  it.each([
    ['title', 'Title'],
    ['tags.3', 'Tag 4'],
    ['scopes.0', 'Scope 1'],
    ['max_views', 'Most views'],
    ['allow_download', 'Allow download'],
  ])('calls %s "%s"', (path, words) => {
    expect(fieldInWords(path)).toBe(words);
  });

  it('keys each problem by its field, the first for each, naming the item of a list', () => {
    const problems = fieldProblems(
      refusal([
        { path: 'tags.1', message: 'Too long.' },
        { path: 'tags.2', message: 'Too short.' },
        { path: 'title', message: 'Must not contain NUL characters.' },
        { path: '', message: 'Change at least one of title, tags, visibility.' },
      ]),
    );
    expect([...problems]).toEqual([
      ['tags', 'Tag 2: Too long.'],
      ['title', 'Must not contain NUL characters.'],
    ]);
  });

  it('finds none in what is not a refusal of fields', () => {
    expect(fieldProblems(new Error('offline')).size).toBe(0);
    expect(fieldProblems(new HttpErrorResponse({ status: 0 })).size).toBe(0);
  });

  it('leaves no path in the sentence a form shows above its fields', () => {
    expect(errorMessage(refusal([{ path: 'username', message: 'That username is taken: choose another.' }, { path: 'tags.3', message: 'Too long.' }]))).toBe(
      'Please check: Username: That username is taken: choose another.; Tag 4: Too long.',
    );
  });
});
