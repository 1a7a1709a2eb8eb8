import { Injectable } from '@angular/core';
import type { AuthenticationResponse, PasskeyOptions, RegistrationResponse } from '@lightbox/auth-contracts';
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
} from '@simplewebauthn/browser';

/** WebAuthn refuses an IP address as the relying party: a page opened as http://192.0.2.1 cannot use passkeys. */
function isIpAddress(hostname: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');
}

/**
 * The browser's side of the passkey ceremonies (@simplewebauthn/browser), behind one seam: the
 * pages never touch WebAuthn themselves, and their tests replace this (jsdom has none).
 *
 * The options come from the API as @simplewebauthn/server made them and are passed on untouched:
 * the contract names only their `challenge`, so their type here is the library's.
 */
@Injectable({ providedIn: 'root' })
export class Passkeys {
  /** Whether passkeys can work here: a browser that has WebAuthn, on a page addressed by name. */
  usable(): boolean {
    return browserSupportsWebAuthn() && !isIpAddress(location.hostname);
  }

  /** Whether the browser offers passkeys in the username field's autofill (conditional UI). */
  async autofillUsable(): Promise<boolean> {
    return this.usable() && (await browserSupportsWebAuthnAutofill());
  }

  /**
   * The passkey's answer to the options. With `autofill`, the browser waits, without a prompt,
   * until the person picks a passkey in the username field's suggestions; any other ceremony
   * started meanwhile ends it.
   */
  async authenticate(options: PasskeyOptions, autofill = false): Promise<AuthenticationResponse> {
    const answer = await startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON, useBrowserAutofill: autofill });
    // Copied into plain objects: the library's interfaces lack the index signature of the contract's loose objects.
    return { ...answer, response: { ...answer.response }, clientExtensionResults: { ...answer.clientExtensionResults } };
  }

  /** A new passkey, made by the browser or the person's password manager. */
  async register(options: PasskeyOptions): Promise<RegistrationResponse> {
    const answer = await startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON });
    return { ...answer, response: { ...answer.response }, clientExtensionResults: { ...answer.clientExtensionResults } };
  }

  /** Ends a ceremony still waiting, such as the autofill one when the login page is left. */
  cancel(): void {
    WebAuthnAbortService.cancelCeremony();
  }
}
