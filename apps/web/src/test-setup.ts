import { BroadcastChannel as NodeBroadcastChannel } from 'node:worker_threads';
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv({
  errorOnUnknownElements: true,
  errorOnUnknownProperties: true
});

// jsdom has no BroadcastChannel; Node's is the same standard API, so tabs can be played by channels.
globalThis.BroadcastChannel ??= NodeBroadcastChannel as unknown as typeof BroadcastChannel;
