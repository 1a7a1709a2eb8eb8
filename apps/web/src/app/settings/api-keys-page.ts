import { DatePipe } from '@angular/common';
import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  type ApiKey,
  type ApiKeyScope,
  type CreateApiKeyRequest,
  type CreatedApiKey,
  isApiKeyScope,
  type RotateApiKeyRequest,
  SCOPE_DESCRIPTIONS,
} from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../core/auth/auth-service';
import { Autofocus } from '../core/autofocus';
import { copyOrSelect } from '../core/clipboard';
import { UserAction } from '../core/user-action';
import { ApiKeysApi } from './api-keys-api';
import { CardTable } from '../core/card-table';

const DAY_MS = 24 * 3600 * 1000;

/** How long a new key lives; "never" is allowed but not the default. */
const LIFETIMES = [
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
  { label: 'Never expires', days: 0 },
] as const;

/** How long a rotated key keeps working, so automations can switch over. */
const GRACE_PERIODS = [
  { label: 'Stop the old key now', seconds: 0 },
  { label: 'Keep the old key for 1 hour', seconds: 3600 },
  { label: 'Keep the old key for 1 day', seconds: 86_400 },
  { label: 'Keep the old key for 7 days', seconds: 604_800 },
] as const;

/** What a new key may do unless its maker chooses more: read. */
const DEFAULT_SCOPES: readonly ApiKeyScope[] = ['images:read'];

@Component({
  selector: 'lbx-api-keys-page',
  imports: [Autofocus, CardTable, DatePipe, ReactiveFormsModule],
  templateUrl: './api-keys-page.html',
  styleUrl: './api-keys-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiKeysPage {
  private readonly api = inject(ApiKeysApi);
  private readonly auth = inject(AuthService);

  protected readonly descriptions = SCOPE_DESCRIPTIONS;
  protected readonly lifetimes = LIFETIMES;
  protected readonly gracePeriods = GRACE_PERIODS;
  /** A key's scopes are its creator's, less those no key may hold (managing users or keys). */
  protected readonly grantableScopes = computed(() => (this.auth.user()?.scopes ?? []).filter(isApiKeyScope));
  protected readonly chosenScopes = signal(new Set<ApiKeyScope>(DEFAULT_SCOPES));
  protected readonly keys = signal<ApiKey[]>([]);
  protected readonly newKey = signal<CreatedApiKey | null>(null);
  protected readonly copied = signal(false);
  protected readonly copyHint = signal(false);
  protected readonly creating = new UserAction();
  protected readonly managing = new UserAction();
  /** What the form itself finds wrong, before anything is sent. */
  protected readonly formProblem = signal<string | null>(null);
  protected readonly confirming = signal<{ id: string; action: 'rotate' | 'revoke' } | null>(null);
  private readonly injector = inject(Injector);
  private readonly newKeyHeading = viewChild<ElementRef<HTMLElement>>('newKeyHeading');
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    lifetimeDays: [90 as number],
  });

  constructor() {
    void this.managing.run(() => this.reload());
  }

  protected toggleScope(scope: ApiKeyScope): void {
    this.chosenScopes.update((chosen) => {
      const next = new Set(chosen);
      if (!next.delete(scope)) next.add(scope);
      return next;
    });
  }

  protected async create(): Promise<void> {
    const { name, lifetimeDays } = this.form.getRawValue();
    this.formProblem.set(
      !name.trim() ? 'Give the key a name, so you know later what uses it.' : this.chosenScopes().size === 0 ? 'Choose at least one scope.' : null,
    );
    if (this.formProblem()) return;
    const request: CreateApiKeyRequest = {
      name: name.trim(),
      scopes: [...this.chosenScopes()],
      ...(lifetimeDays ? { expires_at: new Date(Date.now() + lifetimeDays * DAY_MS).toISOString() } : {}),
    };
    const created = await this.creating.run(async () => {
      this.show(await firstValueFrom(this.api.create(request)));
      await this.reload();
    });
    if (!created) return;
    // The next key starts from the defaults, not from this one's scopes.
    this.form.reset();
    this.chosenScopes.set(new Set(DEFAULT_SCOPES));
  }

  protected async rotate(key: ApiKey, graceSeconds: number): Promise<void> {
    const body: RotateApiKeyRequest = { grace_seconds: graceSeconds };
    await this.managing.run(async () => {
      this.show(await firstValueFrom(this.api.rotate(key.id, body)));
      await this.reload();
    });
    this.confirming.set(null);
  }

  protected async revoke(key: ApiKey): Promise<void> {
    await this.managing.run(async () => {
      await firstValueFrom(this.api.revoke(key.id));
      await this.reload();
    });
    this.confirming.set(null);
  }

  protected async copy(key: string, shown: HTMLElement): Promise<void> {
    if (await copyOrSelect(key, shown)) this.copied.set(true);
    else this.copyHint.set(true);
  }

  /** The key is shown this once: focus goes to it, also when it replaces one already on screen. */
  private show(created: CreatedApiKey): void {
    this.newKey.set(created);
    this.copied.set(false);
    this.copyHint.set(false);
    afterNextRender(() => this.newKeyHeading()?.nativeElement.focus(), { injector: this.injector });
  }

  private async reload(): Promise<void> {
    this.keys.set(await firstValueFrom(this.api.list()));
  }
}
