import {
  type AuthenticationResponse,
  type AuthMethod,
  CHALLENGE_TTL_SECONDS,
  ErrorCode,
  type MfaMethod,
  type Passkey,
  type PasskeyOptions,
  type RecoveryCodes,
  type RegisterPasskeyRequest,
  type Role,
  type SecondFactors,
  type TotpEnrolment,
} from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';
import { auditActor, type Principal, type UserPrincipal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import type { UserRow } from '../database/schema';
import { AppError } from '../http/app-error';
import type { RequestContext } from '../http/request-context';
import { UserStateCache } from '../users/user-state.cache';
import { UsersRepository } from '../users/users.repository';
import { OPERATOR } from '../users/users.service';
import { ChallengesRepository } from './challenges.repository';
import { challengeOf, counterRegressed, PasskeyCeremonies } from './passkey-ceremonies';
import { toPasskey } from './passkey-view';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes';
import type { RelyingParty } from './relying-party';
import { type FactorCounts, SecondFactorsRepository } from './second-factors.repository';
import { seal, unseal } from './secret-box';
import { SessionAuthenticationsRepository } from './session-authentications.repository';
import { combined, stepUpMethodsOf, strongestOf } from './strength';
import { matchingStep, newTotpSecret, otpauthUri } from './totp';

/** A one-time code, as `POST /auth/mfa` and `/auth/reauth` take them. */
export interface CodeProof {
  totp?: string;
  recovery_code?: string;
}

/** A person's second factors (passkeys, TOTP, recovery codes) and the policy that asks for them. */
@Injectable()
export class SecondFactorsService {
  constructor(
    private readonly factors: SecondFactorsRepository,
    private readonly challenges: ChallengesRepository,
    private readonly sessions: SessionAuthenticationsRepository,
    private readonly users: UsersRepository,
    private readonly userStates: UserStateCache,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** What a login can be completed with; empty for a person with no second factor. */
  async methodsOf(userId: string): Promise<MfaMethod[]> {
    const counts = await this.factors.countsOf(userId);
    const methods: MfaMethod[] = [];
    if (counts.totp) methods.push('totp');
    if (counts.passkeys > 0) methods.push('webauthn');
    if (methods.length > 0 && counts.recoveryCodesLeft > 0) methods.push('recovery_code');
    return methods;
  }

  /** The strength a step-up must reach for this person (strength.ts). */
  async requiredStrength(userId: string): Promise<number> {
    return strongestOf(await this.factors.countsOf(userId));
  }

  /** The policy asks this person for a second factor they do not have: until they enrol one, they hold no scopes. */
  async enrolmentRequired(user: Pick<UserRow, 'id' | 'role'>): Promise<boolean> {
    if (!(await this.factors.requiredRoles()).includes(user.role)) return false;
    return !hasFactor(await this.factors.countsOf(user.id));
  }

  async summary(principal: UserPrincipal): Promise<SecondFactors> {
    const [counts, required, state] = await Promise.all([
      this.factors.countsOf(principal.userId),
      this.factors.requiredRoles(),
      this.userStates.get(principal.userId),
    ]);
    const role = state?.role;
    return {
      totp: counts.totp,
      passkeys: counts.passkeys,
      recovery_codes_left: counts.recoveryCodesLeft,
      required: role !== undefined && required.includes(role),
      step_up_methods: stepUpMethodsOf(counts),
      amr: [...(principal.amr ?? [])],
      auth_time: principal.authTime ? new Date(principal.authTime).toISOString() : null,
    };
  }

  // --- Proofs

  /** Whether a right, unspent TOTP or recovery code proves `otp` (RFC 8176), spending it. */
  async verifyCode(user: UserRow, proof: CodeProof, context: RequestContext): Promise<boolean> {
    const spend = await this.checkCode(user, proof, context);
    return spend !== undefined && (await spend());
  }

  /**
   * Judges a one-time code without spending it: a right, unspent one resolves to the spending of
   * it (false when a racing use got there first). Two steps, so that a login can take its
   * `mfa_token` between them: a racer that loses the token keeps its code.
   */
  async checkCode(user: UserRow, proof: CodeProof, context: RequestContext): Promise<(() => Promise<boolean>) | undefined> {
    if (proof.totp !== undefined) {
      const totp = await this.factors.findTotp(user.id);
      if (!totp?.confirmed) return undefined;
      const step = matchingStep(unseal(this.config.mfaKey, totp.secretCiphertext, user.id), proof.totp, this.clock.now());
      if (step === undefined || step <= totp.lastUsedStep) return undefined;
      return () => this.factors.spendTotpStep(user.id, step);
    }
    if (proof.recovery_code === undefined) return undefined;
    const codeHash = recoveryCodeHash(proof.recovery_code);
    if (!(await this.factors.hasRecoveryCode(user.id, codeHash))) return undefined;
    return async () => {
      if (!(await this.factors.spendRecoveryCode(user.id, codeHash))) return false;
      const left = (await this.factors.countsOf(user.id)).recoveryCodesLeft;
      await this.audit.record(context, { action: 'mfa.recovery_code_used', outcome: 'success', actor: user.username, details: { left } });
      return true;
    };
  }

  /**
   * Judges a passkey's answer to `challenge`: the passkey must be known (and `userId`'s, when
   * given), the signature right, the counter grown. Resolves to its holder and the methods.
   */
  async verifyPasskey(
    rp: RelyingParty | undefined,
    response: AuthenticationResponse,
    challenge: string,
    expected: { userId?: string; requireUserVerification: boolean },
    context: RequestContext,
  ): Promise<{ user: UserRow; amr: AuthMethod[] } | undefined> {
    if (!rp || !sameText(challengeOf(response), challenge)) return undefined;
    const passkey = await this.factors.findPasskey(response.id);
    if (!passkey || (expected.userId !== undefined && passkey.userId !== expected.userId)) return undefined;
    const user = await this.users.findById(passkey.userId);
    if (!user?.active) return undefined;
    const regressed = counterRegressed(response, passkey.counter);
    const verified = regressed ? undefined : await PasskeyCeremonies.verifyAuthentication(rp, response, challenge, passkey, expected.requireUserVerification);
    if (verified && (await this.factors.recordPasskeyUse(passkey.id, verified.counter))) return { user, amr: verified.amr };
    // Refused before the signature was judged, or a use at the same or a later count got there first.
    if (regressed || verified) {
      await this.audit.record(context, {
        action: 'passkey.counter_regressed',
        outcome: 'failure',
        actor: user.username,
        target: `passkey:${passkey.id}`,
        details: { stored: passkey.counter },
      });
    }
    return undefined;
  }

  /** The challenge a passkey answers, taken: for a sign-in (no session) or a step-up in `sessionId`. */
  async takeAuthenticationChallenge(response: AuthenticationResponse, sessionId: string | null, userId?: string): Promise<string | undefined> {
    const challenge = challengeOf(response);
    if (!challenge) return undefined;
    const row = await this.challenges.take(challenge, 'passkey_authentication', new Date(this.clock.now()));
    if (!row || row.sessionId !== sessionId || (userId !== undefined && row.userId !== userId)) return undefined;
    return challenge;
  }

  /** Options for a passkey sign-in (anyone's discoverable passkey) or, with a session, a step-up (theirs). */
  async authenticationOptions(principal: UserPrincipal | undefined, rp: RelyingParty | undefined): Promise<PasskeyOptions> {
    const relyingParty = requirePasskeys(rp);
    const allowed = principal ? await this.factors.listPasskeys(principal.userId) : [];
    if (principal && allowed.length === 0) throw new AppError(ErrorCode.Conflict, 'You have no passkey: confirm with your password or a code.');
    const options = await PasskeyCeremonies.authenticationOptions(relyingParty, allowed);
    await this.challenges.create({
      purpose: 'passkey_authentication',
      secret: options.challenge,
      userId: principal?.userId,
      sessionId: principal?.sessionId,
      expiresAt: this.expiry(),
    });
    return options;
  }

  /** Tells a login's `mfa_token` row which WebAuthn challenge it offered. */
  async loginChallengeFor(userId: string, rp: RelyingParty | undefined): Promise<PasskeyOptions | undefined> {
    const passkeys = await this.factors.listPasskeys(userId);
    return rp && passkeys.length > 0 ? PasskeyCeremonies.authenticationOptions(rp, passkeys) : undefined;
  }

  // --- TOTP

  async startTotp(principal: UserPrincipal): Promise<TotpEnrolment> {
    const secret = newTotpSecret();
    if (!(await this.factors.startTotp(principal.userId, seal(this.config.mfaKey, secret, principal.userId)))) {
      throw new AppError(ErrorCode.Conflict, 'You have an authenticator app already: remove it first to enrol another.');
    }
    const uri = otpauthUri(secret, principal.username);
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauth_uri: uri, qr_code: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /** The first code proves the app holds the secret: only then is it in force. */
  async confirmTotp(principal: UserPrincipal, code: string, context: RequestContext): Promise<void> {
    const totp = await this.factors.findTotp(principal.userId);
    if (!totp || totp.confirmed) throw new AppError(ErrorCode.Conflict, 'No authenticator app is waiting to be confirmed: start again.');
    const step = matchingStep(unseal(this.config.mfaKey, totp.secretCiphertext, principal.userId), code, this.clock.now());
    if (step === undefined || !(await this.factors.spendTotpStep(principal.userId, step))) {
      throw new AppError(ErrorCode.ValidationFailed, 'Some fields are not valid.', {
        errors: [{ path: 'code', message: 'That code is not right: check the time on your phone, and enter the newest one.' }],
      });
    }
    await this.factorChanged(principal, ['otp']);
    await this.audit.record(context, { action: 'mfa.enrolled', outcome: 'success', actor: principal.username, details: { method: 'totp' } });
  }

  async removeTotp(principal: UserPrincipal, context: RequestContext): Promise<void> {
    await this.refuseRemovingTheLast(principal, (counts) => counts.passkeys === 0);
    if (!(await this.factors.deleteTotp(principal.userId))) throw new AppError(ErrorCode.NotFound, 'You have no authenticator app.');
    await this.afterRemoval(principal, 'totp', context);
  }

  // --- Recovery codes

  async regenerateRecoveryCodes(principal: UserPrincipal, context: RequestContext): Promise<RecoveryCodes> {
    if (!hasFactor(await this.factors.countsOf(principal.userId))) {
      throw new AppError(ErrorCode.Conflict, 'Recovery codes stand in for a second factor: enrol a passkey or an authenticator app first.');
    }
    const codes = newRecoveryCodes();
    await this.factors.replaceRecoveryCodes(principal.userId, codes.map(recoveryCodeHash));
    await this.audit.record(context, { action: 'mfa.recovery_codes_regenerated', outcome: 'success', actor: principal.username });
    return { codes };
  }

  // --- Passkeys

  async registrationOptions(principal: UserPrincipal, rp: RelyingParty | undefined): Promise<PasskeyOptions> {
    const relyingParty = requirePasskeys(rp);
    const existing = await this.factors.listPasskeys(principal.userId);
    const options = await PasskeyCeremonies.registrationOptions(relyingParty, { id: principal.userId, username: principal.username }, existing);
    await this.challenges.create({
      purpose: 'passkey_registration',
      secret: options.challenge,
      userId: principal.userId,
      sessionId: principal.sessionId,
      expiresAt: this.expiry(),
    });
    return options;
  }

  async registerPasskey(principal: UserPrincipal, rp: RelyingParty | undefined, request: RegisterPasskeyRequest, context: RequestContext): Promise<Passkey> {
    const relyingParty = requirePasskeys(rp);
    const challenge = challengeOf(request.webauthn);
    const row = challenge && (await this.challenges.take(challenge, 'passkey_registration', new Date(this.clock.now())));
    const ours = row && row.userId === principal.userId && row.sessionId === (principal.sessionId ?? null);
    const passkey = ours ? await PasskeyCeremonies.verifyRegistration(relyingParty, request.webauthn, challenge, { userId: principal.userId, name: request.name }) : undefined;
    if (!passkey) {
      throw new AppError(ErrorCode.ValidationFailed, 'Some fields are not valid.', {
        errors: [{ path: 'webauthn', message: 'The passkey could not be verified, or took longer than 5 minutes: try again.' }],
      });
    }
    const created = await this.factors.insertPasskey(passkey);
    if (!created) throw new AppError(ErrorCode.Conflict, 'This passkey is registered already.');
    await this.factorChanged(principal, [created.synced ? 'swk' : 'hwk']);
    await this.audit.record(context, {
      action: 'mfa.enrolled',
      outcome: 'success',
      actor: principal.username,
      target: `passkey:${created.id}`,
      details: { method: 'webauthn', synced: created.synced },
    });
    return toPasskey(created);
  }

  async listPasskeys(principal: UserPrincipal): Promise<Passkey[]> {
    return (await this.factors.listPasskeys(principal.userId)).map(toPasskey);
  }

  async renamePasskey(principal: UserPrincipal, id: string, name: string): Promise<Passkey> {
    const row = await this.factors.renamePasskey(principal.userId, id, name);
    if (!row) throw new AppError(ErrorCode.NotFound, 'You have no such passkey.');
    return toPasskey(row);
  }

  async removePasskey(principal: UserPrincipal, id: string, context: RequestContext): Promise<void> {
    await this.refuseRemovingTheLast(principal, (counts) => !counts.totp && counts.passkeys <= 1);
    if (!(await this.factors.deletePasskey(principal.userId, id))) throw new AppError(ErrorCode.NotFound, 'You have no such passkey.');
    await this.afterRemoval(principal, 'webauthn', context, `passkey:${id}`);
  }

  // --- The operator and the policy

  /** `users reset-mfa`: the way back for a person who lost every factor. Their sessions end. */
  async reset(username: string, context: RequestContext): Promise<UserRow> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new AppError(ErrorCode.NotFound, 'There is no such user.');
    await this.factors.resetAll(user.id);
    await this.users.update(user.id, { revokeTokens: true, endSessions: { reason: 'mfa_reset' } });
    this.userStates.invalidate(user.id);
    await this.audit.record(context, { action: 'mfa.reset', outcome: 'success', actor: OPERATOR, target: user.username });
    return user;
  }

  requiredRoles(): Promise<Role[]> {
    return this.factors.requiredRoles();
  }

  async setRequiredRoles(roles: readonly Role[], actor: Principal, context: RequestContext): Promise<Role[]> {
    const unique = [...new Set(roles)];
    await this.factors.setRequiredRoles(unique);
    await this.audit.record(context, { action: 'mfa.policy_changed', outcome: 'success', actor: auditActor(actor), details: { mfa_required_roles: unique } });
    return unique;
  }

  // ---

  /**
   * ASVS 7.4.3: a factor added or removed ends every other session, and every access token (this
   * one refreshes). Enrolling proves the factor: this session counts as having used it.
   */
  private async factorChanged(principal: UserPrincipal, proved: readonly AuthMethod[] = []): Promise<void> {
    await this.users.update(principal.userId, { revokeTokens: true, endSessions: { reason: 'factor_changed', except: principal.sessionId } });
    this.userStates.invalidate(principal.userId);
    if (principal.sessionId && proved.length > 0) {
      await this.sessions.mark(principal.sessionId, new Date(this.clock.now()), combined(principal.amr ?? [], proved));
    }
  }

  /** Without any factor left, recovery codes would bring a later one back to life unasked: they go too. */
  private async afterRemoval(principal: UserPrincipal, method: MfaMethod, context: RequestContext, target?: string): Promise<void> {
    if (!hasFactor(await this.factors.countsOf(principal.userId))) await this.factors.deleteRecoveryCodes(principal.userId);
    await this.factorChanged(principal);
    await this.audit.record(context, { action: 'mfa.removed', outcome: 'success', actor: principal.username, target, details: { method } });
  }

  private async refuseRemovingTheLast(principal: UserPrincipal, isLast: (counts: FactorCounts) => boolean): Promise<void> {
    const user = await this.users.findById(principal.userId);
    if (!user || !(await this.factors.requiredRoles()).includes(user.role)) return;
    if (isLast(await this.factors.countsOf(principal.userId))) {
      throw new AppError(ErrorCode.Conflict, 'Your role must keep a second factor: add another before you remove this one.');
    }
  }

  private expiry(): Date {
    return new Date(this.clock.now() + CHALLENGE_TTL_SECONDS * 1000);
  }
}

function hasFactor(counts: FactorCounts): boolean {
  return counts.totp || counts.passkeys > 0;
}

function requirePasskeys(rp: RelyingParty | undefined): RelyingParty {
  if (!rp) throw new AppError(ErrorCode.Conflict, 'Passkeys are off on this server: its operator has not set WEBAUTHN_ORIGIN.');
  return rp;
}

function sameText(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
