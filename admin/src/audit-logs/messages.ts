/** Messages of the audit log (merged into the app's by i18n/modules.ts). Actions and roles are labelled in shared/labels.ts. */
export const en = {
  resources: {
    tasks: {
      name: 'Task |||| Tasks',
      fields: {
        incidentId: 'Incident', phase: 'Phase', title: 'Title', titleEn: 'Title (English)', description: 'Description',
        descriptionEn: 'Description (English)', status: 'Status', required: 'Required', assigneeId: 'Assigned to', dueAt: 'Due',
        doneAt: 'Done at', doneById: 'Done by', position: 'Position', section: 'Procedure item', key: 'Playbook key',
      },
    },
    timeline: {
      name: 'Timeline entry |||| Timeline',
      fields: { incidentId: 'Incident', kind: 'Kind', visibility: 'Visibility', body: 'Text', occurredAt: 'Time', authorName: 'Author' },
    },
    obligations: {
      name: 'Obligation |||| Obligations',
      fields: {
        incidentId: 'Incident', rule: 'Rule', audience: 'Audience', status: 'Status', dueAt: 'Due', fulfilledAt: 'Met at', note: 'How it was met',
        communicationId: 'Communication', reportAttachmentId: 'Summary report (file)',
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
      fields: {
        id: 'ID', createdAt: 'Created at', updatedAt: 'Updated at', reason: 'Reason', override: 'Override', clientId: 'Client', incidentId: 'Incident',
        from: 'From', to: 'To', name: 'Name', title: 'Title', status: 'Status',
      },
    },
  },
};

export const zhCN = {
  resources: {
    tasks: {
      name: '任务',
      fields: {
        incidentId: '安全事件', phase: '阶段', title: '标题', titleEn: '标题（英文）', description: '说明',
        descriptionEn: '说明（英文）', status: '状态', required: '必做', assigneeId: '负责人', dueAt: '截止时间',
        doneAt: '完成时间', doneById: '完成人', position: '顺序', section: '依据的程序条目', key: '预案任务标识',
      },
    },
    timeline: {
      name: '时间线记录',
      fields: { incidentId: '安全事件', kind: '类型', visibility: '可见范围', body: '内容', occurredAt: '时间', authorName: '作者' },
    },
    obligations: {
      name: '义务',
      fields: {
        incidentId: '安全事件', rule: '规则', audience: '对象', status: '状态', dueAt: '截止时间', fulfilledAt: '履行时间', note: '履行情况',
        communicationId: '沟通记录', reportAttachmentId: '总结报告（附件）',
      },
    },
    'audit-logs': {
      name: '审计日志',
      fields: {
        id: 'ID',
        seq: '序号',
        actorId: '操作人',
        actorRole: '操作人角色',
        clientId: '客户',
        entity: '对象类型',
        entityId: '对象 ID',
        action: '操作',
        changes: '变更内容',
        requestId: '请求 ID',
        ip: 'IP 地址',
        createdAt: '时间',
        prevHash: '前一条哈希',
        hash: '哈希',
        createdAt_gte: '开始时间',
        createdAt_lte: '结束时间',
      },
    },
  },
  app: {
    audit: {
      verify: '校验哈希链',
      verify_title: '审计日志哈希链校验',
      verify_ok: '哈希链完整：已校验 %{checked} 条记录。',
      verify_broken: '哈希链在第 %{seq} 条记录处断裂（%{reason}）。已校验 %{checked} 条记录。',
      verify_error: '无法执行校验',
      field: '字段',
      before: '修改前',
      after: '修改后',
      no_changes: '没有记录字段变更',
      fields: {
        id: 'ID', createdAt: '创建时间', updatedAt: '更新时间', reason: '理由', override: '越过检查', clientId: '客户', incidentId: '安全事件',
        from: '原状态', to: '新状态', name: '名称', title: '标题', status: '状态',
      },
    },
  },
};
