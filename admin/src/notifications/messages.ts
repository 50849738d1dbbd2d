/** Messages of the notification screens: the bell, the list, preferences, channels and deliveries (zh-CN and en, the same keys). */
export const en = {
  resources: {
    notifications: {
      name: 'Notification |||| Notifications',
      fields: { kind: 'Event', title: 'Title', body: 'Message', createdAt: 'Time', readAt: 'Read at', unread: 'Unread only' },
    },
    'notification-channels': {
      name: 'Notification channel |||| Notification channels',
      fields: {
        name: 'Name', kind: 'Platform', url: 'Webhook address', secret: 'Signing secret', hasSecret: 'Secret set', events: 'Events (empty: all)',
        clientIds: 'Clients (empty: all)', active: 'Active', createdAt: 'Created at', updatedAt: 'Updated at',
      },
    },
    'notification-deliveries': {
      name: 'Delivery |||| Deliveries',
      fields: {
        kind: 'Event', transport: 'Channel', target: 'To', status: 'Status', attempts: 'Attempts', lastError: 'Error', notBefore: 'Not before',
        sentAt: 'Sent at', createdAt: 'Created at', channelId: 'Group channel',
      },
    },
  },
  incidentDesk: {
    notifications: {
      bell: 'Notifications',
      unread: '%{count} unread',
      none: 'No notifications',
      all: 'All notifications',
      read_all: 'Mark all read',
      read_all_done: 'All marked read',
      preferences: 'Notification settings',
      preferences_help: 'Where you are told of each event. Reminders and escalations of the regulatory clocks are always sent; regulatory events always show in the app.',
      in_app: 'In the app',
      email: 'E-mail',
      regulatory: 'Regulatory',
      saved: 'Notification settings saved',
      test: 'Send a test',
      test_ok: 'Test message delivered',
      test_failed: 'Test failed: %{error}',
      secret_help: 'Write-only. DingTalk: the SEC… signing secret; Feishu: the signature key; webhook: at least 16 characters (HMAC-SHA256, header X-Incident-Desk-Signature). Leave empty to keep the current one.',
      deliveries: 'Delivery state',
      kinds: {
        incident_reported_by_client: 'A client reported an incident',
        client_report_unacknowledged: "A client's report is not acknowledged",
        incident_major: 'Incident relatively major or above',
        obligation_threshold: 'A deadline is getting close',
        obligation_overdue: 'A deadline is overdue',
        communication_in_review: 'A communication waits for approval',
        communication_approved: 'A communication was approved',
        communication_returned: 'A communication was returned',
        communication_sent: 'A communication was sent',
        client_update: 'An update for the client',
        task_assigned: 'A task was assigned to me',
        action_overdue: 'Improvement actions overdue (daily)',
        training_overdue: 'Trainings overdue (daily)',
        channel_test: 'Channel test',
      },
      statuses: { pending: 'Pending', sent: 'Sent', failed: 'Failed (will retry)', dead: 'Dead letter', cancelled: 'Cancelled' },
    },
  },
};

export const zhCN = {
  resources: {
    notifications: {
      name: '通知 |||| 通知',
      fields: { kind: '事件', title: '标题', body: '内容', createdAt: '时间', readAt: '已读时间', unread: '仅未读' },
    },
    'notification-channels': {
      name: '通知渠道 |||| 通知渠道',
      fields: {
        name: '名称', kind: '平台', url: 'Webhook 地址', secret: '签名密钥', hasSecret: '已设密钥', events: '事件（空：全部）',
        clientIds: '客户（空：全部）', active: '启用', createdAt: '创建时间', updatedAt: '更新时间',
      },
    },
    'notification-deliveries': {
      name: '投递记录 |||| 投递记录',
      fields: {
        kind: '事件', transport: '渠道', target: '接收方', status: '状态', attempts: '尝试次数', lastError: '错误', notBefore: '不早于',
        sentAt: '发送时间', createdAt: '创建时间', channelId: '群渠道',
      },
    },
  },
  incidentDesk: {
    notifications: {
      bell: '通知',
      unread: '%{count} 条未读',
      none: '暂无通知',
      all: '全部通知',
      read_all: '全部标为已读',
      read_all_done: '已全部标为已读',
      preferences: '通知设置',
      preferences_help: '选择每类事件的通知方式。法规时钟的提醒与升级始终发送；法规类事件始终在应用内显示。',
      in_app: '应用内',
      email: '邮件',
      regulatory: '法规',
      saved: '通知设置已保存',
      test: '发送测试',
      test_ok: '测试消息已送达',
      test_failed: '测试失败：%{error}',
      secret_help: '只写。钉钉：SEC 开头的加签密钥；飞书：签名校验密钥；Webhook：至少 16 个字符（HMAC-SHA256，请求头 X-Incident-Desk-Signature）。留空则保留现有密钥。',
      deliveries: '投递状态',
      kinds: {
        incident_reported_by_client: '客户报告了事件',
        client_report_unacknowledged: '客户报告未被确认',
        incident_major: '较大及以上事件',
        obligation_threshold: '时限即将到期',
        obligation_overdue: '时限已超期',
        communication_in_review: '沟通待审批',
        communication_approved: '沟通已批准',
        communication_returned: '沟通被退回',
        communication_sent: '沟通已发送',
        client_update: '给客户的更新',
        task_assigned: '分派给我的任务',
        action_overdue: '改进措施逾期（每日）',
        training_overdue: '培训逾期（每日）',
        channel_test: '渠道测试',
      },
      statuses: { pending: '待发送', sent: '已发送', failed: '失败（将重试）', dead: '死信', cancelled: '已取消' },
    },
  },
};
