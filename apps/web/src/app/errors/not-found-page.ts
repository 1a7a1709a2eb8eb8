import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'lbx-not-found-page',
  imports: [RouterLink],
  template: `
    <h1>Not found</h1>
    <p>There is no page at this address.</p>
    <p><a routerLink="/">Back to the gallery</a></p>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {}
