import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** Global: whatever decides by the time injects the one Clock. */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock: Clock = new Clock()): DynamicModule {
    return { module: ClockModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
