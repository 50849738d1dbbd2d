import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditModule } from '../audit/audit.module';
import type { AppConfig } from '../config/config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MfaController } from './mfa.controller';
import { MFA_CLOCK, MfaService, type MfaClock } from './mfa.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { LOGIN_THROTTLE, LoginThrottle } from './login-throttle';
import { SessionsModule } from './sessions.module';

/**
 * Sign-in, sessions and tokens (entities Session, RefreshToken), and the global guard: the access token, then the
 * request's way into its user's scope that every @TenantController route runs in. Exports nothing: the
 * sessions are their own module (SessionsModule), which users import too.
 */
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig, throttleKeyPrefix?: string, clock: MfaClock = Date.now): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        AuditModule,
        SessionsModule,
        PassportModule,
        JwtModule.register({
          secret: config.jwtSecret,
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      controllers: [AuthController, MfaController],
      providers: [
        JwtStrategy,
        AuthService,
        MfaService,
        // two-factor codes are checked against this clock (tests give a fixed one)
        { provide: MFA_CLOCK, useValue: clock },
        // sign-in counts in PostgreSQL, shared by every app server on the database
        {
          provide: LOGIN_THROTTLE,
          useFactory: (ds: DataSource) => LoginThrottle.postgres(ds, throttleKeyPrefix),
          inject: [getDataSourceToken()],
        },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
      ],
    };
  }
}
