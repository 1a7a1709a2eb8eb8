import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'lbx-forbidden-page',
  imports: [RouterLink],
  template: `
    <h1>Not allowed</h1>
    <p>Your account may not open this page. Ask the owner of this Lightbox if you need it.</p>
    <p><a routerLink="/">Back to the gallery</a></p>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForbiddenPage {}
