import { Firm } from '../firms/firm.entity';
import { Client } from '../clients/client.entity';
import { User } from '../users/user.entity';
import { Assignment } from '../assignments/assignment.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { Session } from '../auth/session.entity';
import { AccountToken } from '../auth/account-token.entity';
import { MfaRecoveryCode, UserMfa } from '../auth/user-mfa.entity';
import { FirmLogo } from '../firms/firm-logo.entity';
import { AuditLog } from '../audit/audit-log.entity';
import { FirmIncident, FirmIncidentEvent, Grading, Incident } from '../incidents/incident.entity';
import { Playbook } from '../playbooks/playbook.entity';
import { Task } from '../tasks/task.entity';
import { TimelineEntry } from '../timeline/timeline-entry.entity';
import { Obligation } from '../obligations/obligation.entity';
import { Communication, CommunicationTemplate } from '../communications/communication.entity';
import { Evaluation, EvaluationTemplate } from '../evaluations/evaluation.entity';
import { ImprovementAction } from '../actions/action.entity';
import { Training } from '../trainings/training.entity';
import { Attachment, AttachmentContent } from '../attachments/attachment.entity';
import { Report } from '../reports/report.entity';
import { WorkingDay } from '../working-days/working-day.entity';
import { NOTIFICATION_ENTITIES } from '../notifications/notification.entity';

/** Every entity; the catalog test checks each against the migrated schema. */
export const ENTITIES = [Firm, Client, User, Assignment, Session, RefreshToken, AccountToken, UserMfa, MfaRecoveryCode, FirmLogo, AuditLog, Incident, FirmIncident, FirmIncidentEvent, Grading, Playbook, Task, TimelineEntry, Obligation, Communication, CommunicationTemplate, Evaluation, EvaluationTemplate, ImprovementAction, Training, Attachment, AttachmentContent, Report, WorkingDay, ...NOTIFICATION_ENTITIES];
