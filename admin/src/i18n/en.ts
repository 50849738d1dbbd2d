import { deepMerge, moduleMessagesEn } from './modules';
import type { TranslationMessages } from 'react-admin';
import englishMessages from 'ra-language-english';

/** English messages: react-admin's own plus the app's. zh-CN.ts has exactly the same keys. */
export const appMessagesEn = {
  resources: {
    clients: {
      name: 'Client |||| Clients',
      fields: {
        id: 'ID',
        name: 'Company name',
        creditCode: 'Unified social credit code',
        industry: 'Industry',
        operatorType: 'Operator type',
        processesEuPersonalData: 'Processes personal data of people in the EU',
        contacts: 'Contacts',
        'contacts.name': 'Name',
        'contacts.title': 'Title',
        'contacts.email': 'Email',
        'contacts.phone': 'Phone',
        contractSla: 'Contract SLA',
        'contractSla.acknowledgeHours': 'Hours to acknowledge',
        'contractSla.resolveHours': 'Hours to resolve',
        status: 'Status',
        offboardedAt: 'Offboarded at',
        createdAt: 'Created at',
        updatedAt: 'Updated at',
        q: 'Search',
      },
    },
    users: {
      name: 'User |||| Users',
      fields: {
        id: 'ID',
        email: 'Email',
        name: 'Name',
        role: 'Role',
        clientId: 'Client company',
        locale: 'Language',
        active: 'Active',
        password: 'Initial password',
        createdAt: 'Created at',
        updatedAt: 'Updated at',
        q: 'Search',
      },
    },
    assignments: {
      name: 'Assignment |||| Assignments',
      fields: {
        id: 'ID',
        consultantId: 'Consultant',
        clientId: 'Client',
        createdAt: 'Assigned at',
      },
    },
    'audit-logs': {
      name: 'Audit log entry |||| Audit log',
      fields: {
        id: 'ID',
        seq: 'No.',
        actorId: 'Actor',
        actorRole: 'Actor role',
        clientId: 'Client',
        entity: 'Entity',
        entityId: 'Entity ID',
        action: 'Action',
        changes: 'Changes',
        requestId: 'Request ID',
        ip: 'IP address',
        createdAt: 'Time',
        prevHash: 'Previous hash',
        hash: 'Hash',
        createdAt_gte: 'From',
        createdAt_lte: 'Until',
      },
    },
  },
  app: {
    login: {
      email: 'Email / 邮箱',
      bad_credentials: 'Wrong email or password',
      throttled: 'Too many attempts. Please wait a moment and try again.',
      firm: 'Firm code (if asked)',
      firm_help: 'Only when your address signs in to several firms',
      firm_required: 'This address signs in to several firms: %{firms}. Enter the code of the one you want.',
    },
    locales: {
      zh_CN: '中文',
      en: 'English',
    },
    dashboard: {
      welcome: 'Welcome, %{name}',
      firm: 'Firm',
      signed_in_as: 'Signed in as',
      role: 'Role',
      time_zone: 'Time zone',
      your_company: 'Your company',
      open_company: 'Open company details',
      intro: 'Incident Desk helps your team handle security incidents on behalf of your clients.',
    },
    grades: {
      especially_major: 'Especially major',
      major: 'Major',
      relatively_major: 'Relatively major',
      general: 'General',
    },
    sla: {
      grade: 'Grade',
      hours: 'hours',
      none: 'No contract SLA',
    },
    clients: {
      section_identity: 'Company',
      section_sla: 'Contract SLA (hours)',
      offboard: 'Offboard',
      offboard_title: 'Offboard %{recordRepresentation}?',
      offboard_content: 'The client will be marked as offboarded. Its records are kept.',
      offboarded: 'Client offboarded',
    },
    users: {
      reset_password: 'Reset password',
      reset_password_title: 'Reset the password of %{name}',
      reset_password_content: 'The user gets an e-mail with a one-time link (30 minutes) to set a new password; using it signs them out everywhere.',
      new_password: 'New password',
      password_reset_done: 'Reset link sent',
      password_hint: 'At least 12 characters',
    },
    audit: {
      verify: 'Verify chain',
      verify_title: 'Audit chain verification',
      verify_ok: 'The chain is intact: %{checked} entries checked.',
      verify_broken: 'The chain is broken at entry #%{seq} (%{reason}). %{checked} entries checked.',
      verify_error: 'The verification could not be run',
      field: 'Field',
      before: 'Before',
      after: 'After',
      no_changes: 'No field changes recorded',
    },
    validation: {
      credit_code: {
        length: 'Must be 18 characters',
        characters: 'Only digits and the capital letters of GB 32100 (no I, O, S, V, Z)',
        check_character: 'The check character does not match (GB 32100-2015)',
      },
      password_length: 'Must be 12 characters at least',
      whole_number: 'Must be a whole number',
      client_required: 'A client admin belongs to a client company',
    },
  },
};

export const enMessages: TranslationMessages = {
  ...englishMessages,
  ...(deepMerge(appMessagesEn, moduleMessagesEn) as typeof appMessagesEn),
};

export default enMessages;
