import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OwnerBootstrap } from './owner-bootstrap';
import { PasswordHasher } from './password-hasher';
import { UserDepartures } from './user-departures';
import { UserStateCache } from './user-state.cache';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** People: storage, password hashing, the state the guard reads, the owner at start-up, `/api/v1/users`. */
@Module({
  imports: [AuditModule],
  controllers: [UsersController],
  providers: [OwnerBootstrap, PasswordHasher, UserDepartures, UserStateCache, UsersRepository, UsersService],
  exports: [PasswordHasher, UserDepartures, UserStateCache, UsersRepository, UsersService],
})
export class UsersModule {}
