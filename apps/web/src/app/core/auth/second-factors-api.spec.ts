import type { HttpTestingController } from '@angular/common/http/testing';
import { firstValueFrom } from 'rxjs';
import { withApi } from '../../../testing/http-testing';
import { passkeyOptions, someFactors } from '../../../testing/mfa-testing';
import { SecondFactorsApi } from './second-factors-api';

describe('SecondFactorsApi', () => {
  let api: SecondFactorsApi;
  let http: HttpTestingController;

  beforeEach(() => ({ api, http } = withApi(SecondFactorsApi)));
  afterEach(() => http.verify());

  it('reads the factors with GET /auth/factors', async () => {
    const factors = firstValueFrom(api.factors());
    http.expectOne({ method: 'GET', url: '/api/v1/auth/factors' }).flush(someFactors({ totp: true }));
    expect(await factors).toEqual(someFactors({ totp: true }));
  });

  it('asks for passkey options with an empty body, passing them on untouched', async () => {
    const options = firstValueFrom(api.passkeyOptions());
    const request = http.expectOne({ method: 'POST', url: '/api/v1/auth/passkeys/authentication-options' });
    expect(request.request.body).toEqual({});
    request.flush(passkeyOptions('untouched'));
    expect(await options).toEqual(passkeyOptions('untouched'));
  });
});
