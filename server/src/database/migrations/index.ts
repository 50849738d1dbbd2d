import { Foundation1764300000000 } from './1764300000000-foundation';
import { Incidents1764400000000 } from './1764400000000-incidents';

/** Every migration, in order. */
export const MIGRATIONS = [Foundation1764300000000, Incidents1764400000000];
