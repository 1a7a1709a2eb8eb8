import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { type Album, MAX_ALBUM_DESCRIPTION_LENGTH, MAX_ALBUM_TITLE_LENGTH, type Visibility } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { Autofocus } from '../core/autofocus';
import { UserAction } from '../core/user-action';
import { AlbumsApi } from './albums-api';

/** A new, empty album: a title, perhaps a description, and who sees it (private unless said). */
@Component({
  selector: 'lbx-new-album-form',
  imports: [Autofocus, ReactiveFormsModule],
  template: `
    <form class="form" [formGroup]="form" (ngSubmit)="create()">
      <label class="field">
        <span>Title</span>
        <input lbxAutofocus formControlName="title" [maxlength]="maxTitle" required />
      </label>
      <label class="field">
        <span>Description</span>
        <textarea formControlName="description" rows="3" [maxlength]="maxDescription"></textarea>
      </label>
      <label class="field">
        <span>Visibility</span>
        <select formControlName="visibility">
          <option value="private">Private: only signed-in users</option>
          <option value="public">Public: everyone</option>
        </select>
      </label>
      @if (formProblem() ?? action.error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      <div class="actions">
        <button class="button" type="submit" [disabled]="action.busy()">{{ submitLabel() }}</button>
        <button class="button quiet" type="button" (click)="cancelled.emit()">Cancel</button>
      </div>
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewAlbumForm {
  private readonly api = inject(AlbumsApi);

  readonly submitLabel = input('Create album');
  readonly created = output<Album>();
  readonly cancelled = output();

  protected readonly maxTitle = MAX_ALBUM_TITLE_LENGTH;
  protected readonly maxDescription = MAX_ALBUM_DESCRIPTION_LENGTH;
  protected readonly action = new UserAction();
  /** What the form itself finds wrong, before anything is sent. */
  protected readonly formProblem = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    title: [''],
    description: [''],
    visibility: ['private' as Visibility],
  });

  protected async create(): Promise<void> {
    const { title, description, visibility } = this.form.getRawValue();
    this.formProblem.set(title.trim() ? null : 'Give the album a title.');
    if (this.formProblem()) return;
    await this.action.run(async () => {
      const album = await firstValueFrom(this.api.create({ title: title.trim(), description: description.trim(), visibility }));
      this.form.reset();
      this.created.emit(album);
    });
  }
}
