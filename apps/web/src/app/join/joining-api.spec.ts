import type { HttpTestingController } from '@angular/common/http/testing';
import { firstValueFrom } from 'rxjs';
import { withApi } from '../../testing/http-testing';
import { anInvitationPreview, INVITATION_TOKEN } from '../../testing/invitation-testing';
import { JoiningApi } from './joining-api';

describe('JoiningApi', () => {
  let api: JoiningApi;
  let http: HttpTestingController;

  beforeEach(() => ({ api, http } = withApi(JoiningApi)));
  afterEach(() => http.verify());

  it('looks at an invitation with its token in the body, never in the address', async () => {
    const preview = firstValueFrom(api.check(INVITATION_TOKEN));
    const request = http.expectOne({ method: 'POST', url: '/api/v1/invitations/check' });
    expect(request.request.body).toEqual({ token: INVITATION_TOKEN });
    request.flush(anInvitationPreview());
    expect(await preview).toEqual(anInvitationPreview());
  });

  it('asks whether sign-up is open with GET', async () => {
    const options = firstValueFrom(api.signupOptions());
    http.expectOne({ method: 'GET', url: '/api/v1/auth/signup' }).flush({ role: 'viewer' });
    expect(await options).toEqual({ role: 'viewer' });
  });
});
