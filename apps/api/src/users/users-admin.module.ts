import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AuthModule } from '../auth/auth.module';
import { UsersController } from './users.controller';
import { UsersModule } from './users.module';
import { UsersService } from './users.service';

/** `/api/v1/users`: it needs the auth layer (sessions, token revocation), which itself needs UsersModule. */
@Module({
  imports: [ApiKeysModule, AuthModule, UsersModule],
  controllers: [UsersController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersAdminModule {}
