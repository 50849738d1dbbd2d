import { Module } from '@nestjs/common';
import { FirmsService } from './firms.service';

/** The firm itself (entity Firm). Exports FirmsService (its language). */
@Module({ providers: [FirmsService], exports: [FirmsService] })
export class FirmsModule {}
