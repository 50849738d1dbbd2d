import { Foundation1764300000000 } from './1764300000000-foundation';
import { Incidents1764400000000 } from './1764400000000-incidents';
import { Communications1764500000000 } from './1764500000000-communications';
import { Evaluations1764510000000 } from './1764510000000-evaluations';
import { Trainings1764520000000 } from './1764520000000-trainings';
import { Attachments1764530000000 } from './1764530000000-attachments';
import { Reports1764550000000 } from './1764550000000-reports';
import { Scale1764600000000 } from './1764600000000-scale';
import { ReportRollups1764700000000 } from './1764700000000-report-rollups';
import { PortalAttachments1764800000000 } from './1764800000000-portal-attachments';
import { LighterEnter1764900000000 } from './1764900000000-lighter-enter';
import { IncidentTotals1765000000000 } from './1765000000000-incident-totals';
import { IncidentExtras1765100000000 } from './1765100000000-incident-extras';
import { EnterScope1765200000000 } from './1765200000000-enter-scope';
import { IncidentLockOrder1765310000000 } from './1765310000000-incident-lock-order';
import { Sessions1765320000000 } from './1765320000000-sessions';
import { SignIn1765321000000 } from './1765321000000-sign-in';
import { AuditKeyed1765340000000 } from './1765340000000-audit-keyed';
import { Regulatory1765600000000 } from './1765600000000-regulatory';
import { CitusReady1765800000000 } from './1765800000000-citus-ready';
import { EvidenceStorage1765850000000 } from './1765850000000-evidence-storage';
import { FirmIncidents1765900000000 } from './1765900000000-firm-incidents';
import { Notifications1766000000000 } from './1766000000000-notifications';
import { TaskTeamRole1766000100000 } from './1766000100000-task-team-role';
import { PrimaryAssignment1766200000000 } from './1766200000000-primary-assignment';
import { BuiltInTemplateVersions1766300000000 } from './1766300000000-built-in-template-versions';
import { IncidentReportAttachment1766300100000 } from './1766300100000-incident-report-attachment';
import { RollupsPerStatement1766400000000 } from './1766400000000-rollups-per-statement';
import { FirmIncidentResponse1766400100000 } from './1766400100000-firm-incident-response';
import { Exercises1766400200000 } from './1766400200000-exercises';
import { RollupScope1766600000000 } from './1766600000000-rollup-scope';
import { People1766700000000 } from './1766700000000-people';
import { Operators1766800000000 } from './1766800000000-operators';
import { TwoFactorFirmSettings1766900000000 } from './1766900000000-two-factor-firm-settings';
import { PlatformTaskLateTables1767000000000 } from './1767000000000-platform-task-late-tables';
import { TimeEntries1767200000000 } from './1767200000000-time-entries';
import { ScopeRoles1767300000000 } from './1767300000000-scope-roles';
import { DerivedVisibility1767400000000 } from './1767400000000-derived-visibility';

/** Every migration, in order (one per line, so that branches adding migrations merge cleanly). */
export const MIGRATIONS = [
  Foundation1764300000000,
  Incidents1764400000000,
  Communications1764500000000,
  Evaluations1764510000000,
  Trainings1764520000000,
  Attachments1764530000000,
  Reports1764550000000,
  Scale1764600000000,
  ReportRollups1764700000000,
  PortalAttachments1764800000000,
  LighterEnter1764900000000,
  IncidentTotals1765000000000,
  IncidentExtras1765100000000,
  EnterScope1765200000000,
  IncidentLockOrder1765310000000,
  Sessions1765320000000,
  SignIn1765321000000,
  AuditKeyed1765340000000,
  Regulatory1765600000000,
  CitusReady1765800000000,
  EvidenceStorage1765850000000,
  FirmIncidents1765900000000,
  Notifications1766000000000,
  TaskTeamRole1766000100000,
  PrimaryAssignment1766200000000,
  BuiltInTemplateVersions1766300000000,
  IncidentReportAttachment1766300100000,
  RollupsPerStatement1766400000000,
  FirmIncidentResponse1766400100000,
  Exercises1766400200000,
  RollupScope1766600000000,
  People1766700000000,
  Operators1766800000000,
  TwoFactorFirmSettings1766900000000,
  PlatformTaskLateTables1767000000000,
  TimeEntries1767200000000,
  ScopeRoles1767300000000,
  DerivedVisibility1767400000000,
];
