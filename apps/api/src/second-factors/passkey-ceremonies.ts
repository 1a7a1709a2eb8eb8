import type { AuthenticationResponse, AuthMethod, PasskeyOptions, RegistrationResponse } from '@lightbox/auth-contracts';
import {
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { PasskeyRow } from '../database/schema';
import type { NewPasskey } from './second-factors.repository';
import { type RelyingParty, RP_NAME } from './relying-party';

/**
 * The WebAuthn ceremonies, by @simplewebauthn/server: user verification preferred (and, where it
 * matters, required), no attestation asked for (synced passkeys are welcome), and anything the
 * library cannot read is a refusal, never an error of ours.
 */
export const PasskeyCeremonies = {
  registrationOptions(rp: RelyingParty, user: { id: string; username: string }, existing: readonly PasskeyRow[]): Promise<PasskeyOptions> {
    return generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: rp.id,
      userName: user.username,
      userID: Buffer.from(user.id),
      attestationType: 'none',
      excludeCredentials: existing.map(descriptorOf),
      // Discoverable, so that it can sign in without a username; UV when the device can.
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    }) as unknown as Promise<PasskeyOptions>;
  },

  /** The passkey to store, or undefined when the response does not prove one for this challenge. */
  async verifyRegistration(
    rp: RelyingParty,
    response: RegistrationResponse,
    challenge: string,
    owner: { userId: string; name: string },
  ): Promise<NewPasskey | undefined> {
    const result = await verifyRegistrationResponse({
      response: response as Parameters<typeof verifyRegistrationResponse>[0]['response'],
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    }).catch(() => undefined);
    if (!result?.verified) return undefined;
    const { credential, credentialBackedUp } = result.registrationInfo;
    return {
      userId: owner.userId,
      name: owner.name,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      synced: credentialBackedUp,
    };
  },

  authenticationOptions(rp: RelyingParty, allowed: readonly PasskeyRow[]): Promise<PasskeyOptions> {
    return generateAuthenticationOptions({
      rpID: rp.id,
      allowCredentials: allowed.map(descriptorOf),
      userVerification: 'preferred',
    }) as unknown as Promise<PasskeyOptions>;
  },

  /**
   * The new counter and RFC 8176 methods of an assertion by `passkey`, or undefined. A signin
   * without a password needs user verification (the passkey is then two factors in one).
   */
  async verifyAuthentication(
    rp: RelyingParty,
    response: AuthenticationResponse,
    challenge: string,
    passkey: PasskeyRow,
    requireUserVerification: boolean,
  ): Promise<{ counter: number; amr: AuthMethod[] } | undefined> {
    const result = await verifyAuthenticationResponse({
      response: response as Parameters<typeof verifyAuthenticationResponse>[0]['response'],
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credentialId,
        publicKey: Buffer.from(passkey.publicKey, 'base64url'),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
      requireUserVerification,
    }).catch(() => undefined);
    if (!result?.verified) return undefined;
    const { newCounter, userVerified } = result.authenticationInfo;
    const key: AuthMethod = passkey.synced ? 'swk' : 'hwk';
    return { counter: newCounter, amr: userVerified ? [key, 'user', 'mfa'] : [key] };
  },
};

function descriptorOf(passkey: PasskeyRow): { id: string; transports: AuthenticatorTransportFuture[] } {
  return { id: passkey.credentialId, transports: passkey.transports as AuthenticatorTransportFuture[] };
}

/** The challenge a response answers, read from its clientDataJSON; undefined when unreadable. */
export function challengeOf(response: { response: { clientDataJSON: string } }): string | undefined {
  try {
    const clientData: unknown = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'));
    const challenge = (clientData as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 256 ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The signature counter an assertion carries (authenticatorData bytes 33–36). WebAuthn §6.1.1:
 * when either count is non-zero, a count that does not grow means a cloned authenticator.
 */
export function counterRegressed(response: AuthenticationResponse, stored: number): boolean {
  const data = Buffer.from(response.response.authenticatorData, 'base64url');
  if (data.length < 37) return false;
  const counter = data.readUInt32BE(33);
  return (stored > 0 || counter > 0) && counter <= stored;
}
