import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DatabaseHandle } from './database';

export const DATABASE = Symbol('DATABASE');

/** Injects the drizzle handle; only repositories use it. */
export const InjectDatabase = () => Inject(DATABASE);

/** Takes an already open (and migrated) database and closes it when the app shuts down. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly handle: DatabaseHandle) {}

  static forRoot(handle: DatabaseHandle): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DatabaseHandle, useValue: handle },
        { provide: DATABASE, useValue: handle.db },
      ],
      exports: [DatabaseHandle, DATABASE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handle.close();
  }
}
