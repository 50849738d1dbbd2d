import { Module } from '@nestjs/common';
import { IncidentLookup } from './incident-lookup.service';

/**
 * "This incident exists and is in scope" (IncidentLookup), below the incidents module: the timeline, tasks and
 * obligations that the incidents service uses ask it too, without a circle. IncidentsModule re-exports it.
 */
@Module({ providers: [IncidentLookup], exports: [IncidentLookup] })
export class IncidentLookupModule {}
