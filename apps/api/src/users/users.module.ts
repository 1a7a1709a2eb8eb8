import { Module } from '@nestjs/common';
import { OwnerBootstrap } from './owner-bootstrap';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

@Module({
  providers: [OwnerBootstrap, PasswordHasher, UsersRepository],
  exports: [PasswordHasher, UsersRepository],
})
export class UsersModule {}
