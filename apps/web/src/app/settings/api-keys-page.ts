import { DatePipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  type ApiKey,
  type ApiKeyScope,
  type ApiKeyList,
  type CreateApiKeyRequest,
  type CreatedApiKey,
  isApiKeyScope,
  type RotateApiKeyRequest,
  SCOPE_DESCRIPTIONS,
} from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { API_BASE } from '../core/api';
import { AuthService } from '../core/auth/auth-service';
import { Autofocus } from '../core/autofocus';
import { UserAction } from '../core/user-action';

const API_KEYS = `${API_BASE}/api-keys`;
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

@Component({
  selector: 'lbx-api-keys-page',
  imports: [Autofocus, DatePipe, ReactiveFormsModule],
  template: `
    <h1>API keys</h1>
    <p class="muted">Programs use a key in the <code>X-API-Key</code> header. A key can do only what its scopes allow.</p>

    @if (newKey(); as created) {
      <section class="notice warning" aria-labelledby="new-key-title">
        <h2 #newKeyHeading id="new-key-title" tabindex="-1">Your new key “{{ created.name }}”</h2>
        <p><strong>Copy it now: it is shown only this once.</strong> Lightbox keeps only a hash of it.</p>
        <p class="key-row">
          <code #shownKey data-testid="new-key">{{ created.key }}</code>
          <button type="button" class="button" (click)="copy(created.key, shownKey)">{{ copied() ? 'Copied' : 'Copy' }}</button>
        </p>
        @if (copyHint()) {
          <p role="status">This browser does not let the page copy. The key is selected: press Ctrl+C (⌘C on a Mac).</p>
        }
        <button type="button" class="button quiet" (click)="newKey.set(null)">I have saved it</button>
      </section>
    }

    <h2>New key</h2>
    <form class="form" [formGroup]="form" (ngSubmit)="create()">
      <label class="field">
        <span>Name</span>
        <input formControlName="name" maxlength="100" placeholder="backup script" required />
      </label>
      <fieldset>
        <legend>Scopes</legend>
        @for (scope of grantableScopes(); track scope) {
          <label><input type="checkbox" [checked]="chosenScopes().has(scope)" (change)="toggleScope(scope)" />
            <code>{{ scope }}</code> <span class="muted">{{ descriptions[scope] }}</span></label>
        }
      </fieldset>
      <label class="field">
        <span>Expires</span>
        <select formControlName="lifetimeDays">
          @for (lifetime of lifetimes; track lifetime.days) {
            <option [ngValue]="lifetime.days">{{ lifetime.label }}</option>
          }
        </select>
      </label>
      @if (formProblem() ?? creating.error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      <div class="actions">
        <button class="button" type="submit" [disabled]="creating.busy()">Create key</button>
      </div>
    </form>

    <h2>Your keys</h2>
    @if (managing.error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    @if (keys().length) {
      <div class="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Scopes</th><th scope="col">Last used</th>
              <th scope="col">Expires</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            @for (key of keys(); track key.id) {
              <tr>
                <td>{{ key.name }}</td>
                <td><code>{{ key.prefix }}…</code></td>
                <td>{{ key.scopes.join(', ') }}</td>
                <td>{{ key.last_used_at ? (key.last_used_at | date: 'medium') : 'never' }}</td>
                <td>{{ key.expires_at ? (key.expires_at | date: 'mediumDate') : 'never' }}</td>
                <td [class]="'status-' + key.status">{{ key.status }}</td>
                <td>
                  @if (key.status === 'active') {
                    @if (confirming()?.id === key.id) {
                      @if (confirming()?.action === 'revoke') {
                        <div class="actions">
                          <button lbxAutofocus type="button" class="button danger" (click)="revoke(key)" [disabled]="managing.busy()">Revoke “{{ key.name }}”</button>
                          <button type="button" class="button quiet" (click)="confirming.set(null)">Cancel</button>
                        </div>
                      } @else {
                        <div class="actions">
                          <select lbxAutofocus #grace [attr.aria-label]="'Grace period for ' + key.name">
                            @for (period of gracePeriods; track period.seconds) {
                              <option [value]="period.seconds">{{ period.label }}</option>
                            }
                          </select>
                          <button type="button" class="button" (click)="rotate(key, +grace.value)" [disabled]="managing.busy()"
                                  [attr.aria-label]="'Rotate ' + key.name">Rotate</button>
                          <button type="button" class="button quiet" (click)="confirming.set(null)">Cancel</button>
                        </div>
                      }
                    } @else {
                      <div class="actions">
                        <button type="button" class="button quiet" (click)="confirming.set({ id: key.id, action: 'rotate' })"
                                [attr.aria-label]="'Rotate ' + key.name + '…'">Rotate…</button>
                        <button type="button" class="button quiet" (click)="confirming.set({ id: key.id, action: 'revoke' })"
                                [attr.aria-label]="'Revoke ' + key.name + '…'">Revoke…</button>
                      </div>
                    }
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    } @else if (!managing.error()) {
      <p class="muted">No keys yet.</p>
    }
  `,
  styles: `
    .key-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    .key-row code {
      overflow-wrap: anywhere;
      background: #fff;
      padding: 0.3rem 0.5rem;
      border-radius: var(--radius);
    }
    fieldset label {
      display: flex;
      gap: 0.4rem;
      align-items: baseline;
      flex-wrap: wrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiKeysPage {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);

  protected readonly descriptions = SCOPE_DESCRIPTIONS;
  protected readonly lifetimes = LIFETIMES;
  protected readonly gracePeriods = GRACE_PERIODS;
  /** A key's scopes are its creator's, less those no key may hold (managing users or keys). */
  protected readonly grantableScopes = computed(() => (this.auth.user()?.scopes ?? []).filter(isApiKeyScope));
  protected readonly chosenScopes = signal(new Set<ApiKeyScope>(['images:read']));
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
      this.show(await firstValueFrom(this.http.post<CreatedApiKey>(API_KEYS, request)));
      await this.reload();
    });
    if (created) this.form.reset();
  }

  protected async rotate(key: ApiKey, graceSeconds: number): Promise<void> {
    const body: RotateApiKeyRequest = { grace_seconds: graceSeconds };
    await this.managing.run(async () => {
      this.show(await firstValueFrom(this.http.post<CreatedApiKey>(`${API_KEYS}/${key.id}/rotate`, body)));
      await this.reload();
    });
    this.confirming.set(null);
  }

  protected async revoke(key: ApiKey): Promise<void> {
    await this.managing.run(async () => {
      await firstValueFrom(this.http.delete<void>(`${API_KEYS}/${key.id}`));
      await this.reload();
    });
    this.confirming.set(null);
  }

  /** The clipboard API exists only in secure contexts; over plain http on a LAN the key is selected instead. */
  protected async copy(key: string, shown: HTMLElement): Promise<void> {
    try {
      await navigator.clipboard.writeText(key);
      this.copied.set(true);
    } catch {
      getSelection()?.selectAllChildren(shown);
      this.copyHint.set(true);
    }
  }

  /** The key is shown this once: focus goes to it, also when it replaces one already on screen. */
  private show(created: CreatedApiKey): void {
    this.newKey.set(created);
    this.copied.set(false);
    this.copyHint.set(false);
    afterNextRender(() => this.newKeyHeading()?.nativeElement.focus(), { injector: this.injector });
  }

  private async reload(): Promise<void> {
    this.keys.set((await firstValueFrom(this.http.get<ApiKeyList>(API_KEYS))).items);
  }
}
