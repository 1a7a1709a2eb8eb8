import { Module } from '@nestjs/common';
import { OwnerBootstrap } from './owner-bootstrap';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

/** Users as data: storage, hashing, the owner at start-up. The admin endpoints are UsersAdminModule. */
@Module({
  providers: [OwnerBootstrap, PasswordHasher, UsersRepository],
  exports: [PasswordHasher, UsersRepository],
})
export class UsersModule {}
