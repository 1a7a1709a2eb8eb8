import { HttpErrorResponse } from '@angular/common/http';
import { StepUpCancelled } from './auth/step-up';
import { UserAction } from './user-action';

const stepUpRefusal = new HttpErrorResponse({ status: 401, statusText: 'Unauthorized', error: { code: 'step_up_required' }, url: '/api/v1/api-keys' });

describe('UserAction', () => {
  it('shows a failure in words and reports it', async () => {
    const action = new UserAction();
    expect(await action.run(() => Promise.reject(stepUpRefusal))).toBe(false);
    expect(action.error()).toBe('Confirm it is you first: this needs a recent sign-in with your strongest factor.');
    expect(action.busy()).toBe(false);
  });

  it('shows nothing for a step-up the person cancelled, and reports that nothing was done', async () => {
    const action = new UserAction();
    action.error.set('an earlier failure');
    expect(await action.run(() => Promise.reject(new StepUpCancelled(stepUpRefusal)))).toBe(false);
    expect(action.error()).toBeNull();
  });

  it('keeps the refusal in the cancellation: status, body and address', () => {
    expect(new StepUpCancelled(stepUpRefusal)).toMatchObject({ status: 401, error: { code: 'step_up_required' }, url: '/api/v1/api-keys' });
  });
});
