import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { CommunicationsModule } from '../communications/communications.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

/** One search across incidents, clients and communications (the command palette): asks each module's own list. */
@Module({
  imports: [ClientsModule, CommunicationsModule, IncidentsModule],
  controllers: [SearchController],
  providers: [SearchService],
})
export class SearchModule {}
