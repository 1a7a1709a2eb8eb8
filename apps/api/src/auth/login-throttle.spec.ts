import { describeLoginThrottle } from '../../test/support/login-throttle-behaviour';
import { MemoryLoginThrottle } from './login-throttle';

describeLoginThrottle('in memory', async (clock) => ({ throttle: new MemoryLoginThrottle(clock), clock }));
