import { Module } from '@nestjs/common';
import { SessionsService } from './sessions.service';

/** Sign-in sessions (entity Session): started by sign-in, ended by logout, a reused token, a new password. */
@Module({ providers: [SessionsService], exports: [SessionsService] })
export class SessionsModule {}
