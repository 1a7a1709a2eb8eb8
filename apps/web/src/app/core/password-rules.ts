import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@lightbox/auth-contracts';

/** One rule of a new password as it is typed: met, not yet, or (null) for the server to judge. */
export interface PasswordRule {
  readonly text: string;
  readonly met: boolean | null;
}

/**
 * The API's rules for a new password, as far as a browser can tell: the length, counted in code
 * points as the API counts them, and not the username. Whether it is a common one, only the server
 * knows (its list stays out of the bundle).
 */
export function passwordRules(password: string, username: string): PasswordRule[] {
  const length = [...password].length;
  return [
    { text: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters`, met: length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH },
    { text: 'Not the username', met: password !== '' && password.toLowerCase() !== username.toLowerCase() },
    { text: 'Not a common password (checked when you send it)', met: null },
  ];
}

/**
 * The rules of a new password, ticked off as the person types. Give it an `id` for the field's
 * `aria-describedby`: it is read with the field, never announced at each keystroke.
 */
@Component({
  selector: 'lbx-password-rules',
  template: `
    <ul class="rules">
      @for (rule of rules(); track rule.text) {
        <li [class]="rule.met === null ? 'later' : rule.met ? 'met' : 'unmet'">
          <span class="mark" aria-hidden="true">{{ rule.met === null ? '•' : rule.met ? '✓' : '✗' }}</span>
          {{ rule.text }}<span class="visually-hidden">{{ rule.met === null ? '' : rule.met ? ': met' : ': not met yet' }}</span>
        </li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: block;
    }
    .rules {
      list-style: none;
      margin: 0;
      padding: 0;
      font-size: 0.9rem;
      color: var(--muted);
    }
    .mark {
      display: inline-block;
      width: 1.2em;
    }
    .met {
      color: var(--ok);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordRules {
  readonly password = input.required<string>();
  readonly username = input('');

  protected readonly rules = computed(() => passwordRules(this.password(), this.username()));
}
