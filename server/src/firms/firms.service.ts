import { Injectable } from '@nestjs/common';
import type { Locale } from '@incident-desk/shared';
import { TenantDb } from '../tenancy/tenant-db.service';
import { Firm } from './firm.entity';
import { LOGO } from './firm-settings.queries';

/** The caller's firm (entity Firm): what other modules read of it. */
@Injectable()
export class FirmsService {
  constructor(private readonly db: TenantDb) {}

  /** The firm's language: the default of templates rendered and criteria made for it. */
  async locale(): Promise<Locale> {
    const firm = await this.db.repo(Firm).findOneBy({ id: this.db.scope.firmId });
    return firm?.locale === 'en' ? 'en' : 'zh-CN';
  }

  /** The firm's logo for the PDFs it makes (PNG or JPEG), or null. */
  async logo(): Promise<Buffer | null> {
    const [l] = await this.db.rows<{ content: Buffer }>(LOGO, [this.db.scope.firmId]);
    return l?.content ?? null;
  }
}
