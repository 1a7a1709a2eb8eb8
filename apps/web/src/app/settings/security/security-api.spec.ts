import type { HttpTestingController } from '@angular/common/http/testing';
import { firstValueFrom, type Observable } from 'rxjs';
import { withApi } from '../../../testing/http-testing';
import { anAttestation, aPasskey } from '../../../testing/mfa-testing';
import { SecurityApi } from './security-api';

describe('SecurityApi', () => {
  let api: SecurityApi;
  let http: HttpTestingController;

  beforeEach(() => ({ api, http } = withApi(SecurityApi)));
  afterEach(() => http.verify());

  it('lists the passkeys as the array inside the answer', async () => {
    const passkeys = firstValueFrom(api.passkeys());
    http.expectOne({ method: 'GET', url: '/api/v1/auth/passkeys' }).flush({ items: [aPasskey('Phone')] });
    expect(await passkeys).toEqual([aPasskey('Phone')]);
  });

  it.each<[string, string, string, (api: SecurityApi) => Observable<unknown>, unknown]>([
    ['changePassword', 'POST', '/api/v1/auth/password', (api) => api.changePassword({ current_password: 'old one', new_password: 'a long new password' }), { current_password: 'old one', new_password: 'a long new password' }],
    ['passkeyRegistrationOptions', 'POST', '/api/v1/auth/passkeys/registration-options', (api) => api.passkeyRegistrationOptions(), {}],
    ['registerPasskey', 'POST', '/api/v1/auth/passkeys', (api) => api.registerPasskey({ name: 'Phone', webauthn: anAttestation() }), { name: 'Phone', webauthn: anAttestation() }],
    ['renamePasskey', 'PATCH', '/api/v1/auth/passkeys/passkey-1', (api) => api.renamePasskey('passkey-1', { name: 'Laptop' }), { name: 'Laptop' }],
    ['removePasskey', 'DELETE', '/api/v1/auth/passkeys/passkey-1', (api) => api.removePasskey('passkey-1'), null],
    ['enrolTotp', 'POST', '/api/v1/auth/totp', (api) => api.enrolTotp(), {}],
    ['confirmTotp', 'POST', '/api/v1/auth/totp/confirm', (api) => api.confirmTotp({ code: '123456' }), { code: '123456' }],
    ['removeTotp', 'DELETE', '/api/v1/auth/totp', (api) => api.removeTotp(), null],
    ['newRecoveryCodes', 'POST', '/api/v1/auth/recovery-codes', (api) => api.newRecoveryCodes(), {}],
    ['policy', 'GET', '/api/v1/security-policy', (api) => api.policy(), null],
    ['setPolicy', 'PUT', '/api/v1/security-policy', (api) => api.setPolicy({ mfa_required_roles: ['owner', 'admin'] }), { mfa_required_roles: ['owner', 'admin'] }],
  ])('%s sends %s %s', async (_name, method, url, call, body) => {
    const answer = firstValueFrom(call(api));
    const request = http.expectOne({ method, url });
    expect(request.request.body).toEqual(body);
    request.flush(null);
    await answer;
  });
});
