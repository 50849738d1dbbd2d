/** Messages of "my work": the dashboard card and the task and deadline lists it opens (zh-CN and en, the same keys). */
export const en = {
  resources: {
    tasks: {
      name: 'Task |||| Tasks',
      fields: { title: 'Task', incidentId: 'Incident', phase: 'Phase', status: 'Status', dueAt: 'Due', assigneeId: 'Assignee' },
    },
    obligations: {
      name: 'Deadline |||| Deadlines',
      fields: { rule: 'Obligation', incidentId: 'Incident', dueAt: 'Due', status: 'Status', mine: 'My incidents only' },
    },
  },
  incidentDesk: {
    work: {
      title: 'My work',
      tasks: 'Tasks assigned to me',
      approvals: 'Approvals waiting for me',
      deadlines: "My incidents' open deadlines",
      reports: "Clients' reports not acknowledged",
      deliveries: 'Notifications that failed to go out',
    },
  },
};

export const zhCN = {
  resources: {
    tasks: {
      name: '任务 |||| 任务',
      fields: { title: '任务', incidentId: '事件', phase: '阶段', status: '状态', dueAt: '截止', assigneeId: '负责人' },
    },
    obligations: {
      name: '时限 |||| 时限',
      fields: { rule: '义务', incidentId: '事件', dueAt: '截止', status: '状态', mine: '仅我的事件' },
    },
  },
  incidentDesk: {
    work: {
      title: '我的工作',
      tasks: '分派给我的任务',
      approvals: '待我审批',
      deadlines: '我的事件的未完成时限',
      reports: '待确认的客户报告',
      deliveries: '发送失败的通知',
    },
  },
};
