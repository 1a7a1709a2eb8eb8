import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import type { Passkey } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { Passkeys } from '../../core/auth/passkeys';
import { Autofocus } from '../../core/autofocus';
import { UserAction } from '../../core/user-action';
import { SecurityApi } from './security-api';
import { CardTable } from '../../core/card-table';

/** The person's passkeys: added with a name through the browser, renamed, deleted after a confirm. */
@Component({
  selector: 'lbx-passkeys-section',
  imports: [Autofocus, CardTable, DatePipe, ReactiveFormsModule],
  templateUrl: './passkeys-section.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasskeysSection {
  private readonly api = inject(SecurityApi);
  private readonly passkeys = inject(Passkeys);

  /** A passkey was added or deleted: the factors the page shows have changed. */
  readonly changed = output<void>();

  protected readonly usable = this.passkeys.usable();
  protected readonly list = signal<Passkey[]>([]);
  protected readonly adding = new UserAction();
  protected readonly managing = new UserAction();
  protected readonly formProblem = signal<string | null>(null);
  protected readonly confirming = signal<{ id: string; action: 'rename' | 'delete' } | null>(null);
  protected readonly name = new FormControl('', { nonNullable: true });

  constructor() {
    void this.managing.run(() => this.reload());
  }

  protected async add(): Promise<void> {
    const name = this.name.value.trim();
    this.formProblem.set(name ? null : 'Give the passkey a name, such as the device it is on.');
    if (!name) return;
    const added = await this.adding.run(async () => {
      const options = await firstValueFrom(this.api.passkeyRegistrationOptions());
      const webauthn = await this.passkeys.register(options);
      await firstValueFrom(this.api.registerPasskey({ name, webauthn }));
      await this.reload();
    });
    if (!added) return;
    this.name.reset();
    this.changed.emit();
  }

  protected async rename(passkey: Passkey, name: string): Promise<void> {
    if (!name.trim()) return;
    const renamed = await this.managing.run(async () => {
      await firstValueFrom(this.api.renamePasskey(passkey.id, { name: name.trim() }));
      await this.reload();
    });
    if (renamed) this.confirming.set(null);
  }

  protected async remove(passkey: Passkey): Promise<void> {
    const removed = await this.managing.run(async () => {
      await firstValueFrom(this.api.removePasskey(passkey.id));
      await this.reload();
    });
    this.confirming.set(null);
    if (removed) this.changed.emit();
  }

  private async reload(): Promise<void> {
    this.list.set(await firstValueFrom(this.api.passkeys()));
  }
}
