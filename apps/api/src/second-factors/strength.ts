import type { AuthMethod, StepUpMethod } from '@lightbox/auth-contracts';
import type { FactorCounts } from './second-factors.repository';

/** How strong an authentication was: a passkey over a one-time code over a password alone. */
export function strengthOf(amr: readonly AuthMethod[]): number {
  if (amr.includes('hwk') || amr.includes('swk')) return 3;
  if (amr.includes('otp')) return 2;
  return amr.includes('pwd') ? 1 : 0;
}

/** The strength of the strongest factor a person has: what a step-up asks of them. */
export function strongestOf(counts: FactorCounts): number {
  if (counts.passkeys > 0) return 3;
  return counts.totp ? 2 : 1;
}

/** What proves that strength again (a recovery code stands in for the app). */
export function stepUpMethodsOf(counts: FactorCounts): StepUpMethod[] {
  if (counts.passkeys > 0) return ['webauthn'];
  if (counts.totp) return counts.recoveryCodesLeft > 0 ? ['totp', 'recovery_code'] : ['totp'];
  return ['password'];
}

/** The methods of an authentication that added `proved` to what `before` had shown. */
export function combined(before: readonly AuthMethod[], proved: readonly AuthMethod[]): AuthMethod[] {
  const methods = new Set<AuthMethod>([...before, ...proved]);
  methods.delete('mfa');
  if (strengthOf([...methods]) > 1 && methods.has('pwd')) methods.add('mfa');
  if (proved.includes('mfa')) methods.add('mfa');
  return [...methods];
}
