import type { Role } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { and, asc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { passkeys, type PasskeyRow, recoveryCodes, securityPolicy, totpFactors } from '../database/schema';

export interface FactorCounts {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

export type NewPasskey = Omit<PasskeyRow, 'id' | 'createdAt' | 'lastUsedAt'>;

/** A person's second factors and the policy that asks for them. Every write is one statement. */
@Injectable()
export class SecondFactorsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async countsOf(userId: string): Promise<FactorCounts> {
    const [row] = await this.db
      .select({
        totp: sql<boolean>`exists (select 1 from ${totpFactors} where ${totpFactors.userId} = ${userId} and ${totpFactors.confirmedAt} is not null)`,
        passkeys: sql<number>`(select count(*)::int from ${passkeys} where ${passkeys.userId} = ${userId})`,
        recoveryCodesLeft: sql<number>`(select count(*)::int from ${recoveryCodes} where ${recoveryCodes.userId} = ${userId} and ${recoveryCodes.usedAt} is null)`,
      })
      .from(sql`(select 1) as one`);
    return row;
  }

  // --- TOTP

  /** A new pending secret, replacing a pending one; undefined when one is already in force. */
  async startTotp(userId: string, secretCiphertext: string): Promise<boolean> {
    const rows = await this.db
      .insert(totpFactors)
      .values({ userId, secretCiphertext })
      .onConflictDoUpdate({
        target: totpFactors.userId,
        set: { secretCiphertext, createdAt: sql`now()`, lastUsedStep: 0 },
        setWhere: isNull(totpFactors.confirmedAt),
      })
      .returning({ userId: totpFactors.userId });
    return rows.length > 0;
  }

  async findTotp(userId: string): Promise<{ secretCiphertext: string; confirmed: boolean; lastUsedStep: number } | undefined> {
    const [row] = await this.db
      .select({ secretCiphertext: totpFactors.secretCiphertext, confirmedAt: totpFactors.confirmedAt, lastUsedStep: totpFactors.lastUsedStep })
      .from(totpFactors)
      .where(eq(totpFactors.userId, userId));
    return row && { secretCiphertext: row.secretCiphertext, confirmed: row.confirmedAt !== null, lastUsedStep: row.lastUsedStep };
  }

  /**
   * Spends time step `step` of the user's secret (confirming a pending one): false when that step
   * or a later one was spent already. The condition decides races: one of two uses of a code wins.
   */
  async spendTotpStep(userId: string, step: number): Promise<boolean> {
    const rows = await this.db
      .update(totpFactors)
      .set({ lastUsedStep: step, confirmedAt: sql`coalesce(${totpFactors.confirmedAt}, now())` })
      .where(and(eq(totpFactors.userId, userId), lt(totpFactors.lastUsedStep, step)))
      .returning({ userId: totpFactors.userId });
    return rows.length > 0;
  }

  async deleteTotp(userId: string): Promise<boolean> {
    const rows = await this.db
      .delete(totpFactors)
      .where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt)))
      .returning({ userId: totpFactors.userId });
    return rows.length > 0;
  }

  // --- Recovery codes

  /** The old codes die with the same statement that stores the new ones. */
  async replaceRecoveryCodes(userId: string, codeHashes: readonly string[]): Promise<void> {
    const old = this.db.$with('old').as(this.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).returning({ codeHash: recoveryCodes.codeHash }));
    await this.db
      .with(old)
      .insert(recoveryCodes)
      .values(codeHashes.map((codeHash) => ({ codeHash, userId })));
  }

  async hasRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const [row] = await this.db
      .select({ codeHash: recoveryCodes.codeHash })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.codeHash, codeHash), eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
    return row !== undefined;
  }

  async spendRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const rows = await this.db
      .update(recoveryCodes)
      .set({ usedAt: sql`now()` })
      .where(and(eq(recoveryCodes.codeHash, codeHash), eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
      .returning({ codeHash: recoveryCodes.codeHash });
    return rows.length > 0;
  }

  async deleteRecoveryCodes(userId: string): Promise<void> {
    await this.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  }

  // --- Passkeys

  async insertPasskey(passkey: NewPasskey): Promise<PasskeyRow | undefined> {
    const [row] = await this.db.insert(passkeys).values(passkey).onConflictDoNothing().returning();
    return row;
  }

  listPasskeys(userId: string): Promise<PasskeyRow[]> {
    return this.db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.createdAt), asc(passkeys.id));
  }

  async findPasskey(credentialId: string): Promise<PasskeyRow | undefined> {
    const [row] = await this.db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId));
    return row;
  }

  /**
   * Records a use at `counter`, unless a use at the same or a later count got there first (a
   * clone racing the original): false then.
   */
  async recordPasskeyUse(id: string, counter: number): Promise<boolean> {
    const rows = await this.db
      .update(passkeys)
      .set({ counter, lastUsedAt: sql`now()` })
      .where(and(eq(passkeys.id, id), counter === 0 ? sql`true` : lt(passkeys.counter, counter)))
      .returning({ id: passkeys.id });
    return rows.length > 0;
  }

  async renamePasskey(userId: string, id: string, name: string): Promise<PasskeyRow | undefined> {
    const [row] = await this.db.update(passkeys).set({ name }).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).returning();
    return row;
  }

  async deletePasskey(userId: string, id: string): Promise<boolean> {
    const rows = await this.db.delete(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).returning({ id: passkeys.id });
    return rows.length > 0;
  }

  /** The CLI's `users reset-mfa`: every factor and code of the person, in one transaction. */
  resetAll(userId: string): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.delete(passkeys).where(eq(passkeys.userId, userId));
      await tx.delete(totpFactors).where(eq(totpFactors.userId, userId));
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    });
  }

  // --- Policy

  async requiredRoles(): Promise<Role[]> {
    const [row] = await this.db.select({ roles: securityPolicy.mfaRequiredRoles }).from(securityPolicy);
    return row?.roles ?? [];
  }

  async setRequiredRoles(roles: readonly Role[]): Promise<void> {
    await this.db
      .insert(securityPolicy)
      .values({ mfaRequiredRoles: [...roles] })
      .onConflictDoUpdate({ target: securityPolicy.id, set: { mfaRequiredRoles: [...roles], updatedAt: sql`now()` } });
  }
}

