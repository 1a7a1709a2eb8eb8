import { ErrorCode } from './error-codes';
import { ProblemSchema } from './problem';

describe('ProblemSchema', () => {
  it('accepts a problem with a known code and field errors', () => {
    const problem = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: ErrorCode.ValidationFailed,
      errors: [{ path: 'username', message: 'Required' }],
    };
    expect(ProblemSchema.parse(problem)).toEqual(problem);
  });

  it('refuses an unknown code', () => {
    expect(ProblemSchema.safeParse({ type: 'about:blank', title: 'x', status: 400, code: 'oops' }).success).toBe(false);
  });

  it('uses snake_case for every code', () => {
    for (const code of Object.values(ErrorCode)) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});
