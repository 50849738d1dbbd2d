import type { NotificationMessages } from './types';

/**
 * 通知文案（简体中文）。`{name}` 为占位符，由服务端填入：reference 事件编号、incidentTitle 事件名称、client 客户名称、
 * rule 义务名称、due 到期时间、left 剩余时间、overdue 超时时长、grade 级别、subject 沟通主题、task 任务名称、
 * actor 操作人、reportedAt 报告时间、summary 更新摘要、count 数量、list 明细（每行一项）。
 */
export const zhCN: NotificationMessages = {
  kinds: {
    incident_reported_by_client: {
      title: '客户报告了新事件 {reference}',
      body: '{client} 报告了事件「{incidentTitle}」，请尽快确认并开始处置。',
    },
    client_report_unacknowledged: {
      title: '客户报告的事件 {reference} 尚未确认',
      body: '{client} 于 {reportedAt} 报告的事件「{incidentTitle}」已超过确认时限（已超时 {overdue}），仍无人确认，请立即安排处置。',
    },
    incident_major: {
      title: '{grade}事件 {reference}',
      body: '{client} 的事件「{incidentTitle}」已定级为{grade}。请按预案启动应急响应，并关注监管报告时限。',
    },
    obligation_threshold: {
      title: '{rule}：{reference} 剩余 {left}',
      body: '事件「{incidentTitle}」（{client}）的「{rule}」将于 {due} 到期，剩余 {left}。',
    },
    obligation_overdue: {
      title: '已超时：{rule}（{reference}）',
      body: '事件「{incidentTitle}」（{client}）的「{rule}」已于 {due} 到期，已超时 {overdue}，仍未完成。完成或确认不适用后提醒停止。',
    },
    communication_in_review: {
      title: '待审批：{subject}',
      body: '{actor} 提交了沟通「{subject}」（{reference}，{client}），等待审批。',
    },
    communication_approved: {
      title: '沟通已批准：{subject}',
      body: '{actor} 批准了您的沟通「{subject}」（{reference}），可以发送。',
    },
    communication_returned: {
      title: '沟通被退回：{subject}',
      body: '{actor} 将您的沟通「{subject}」（{reference}）退回修改。',
    },
    communication_sent: {
      title: '沟通已发送：{subject}',
      body: '您的沟通「{subject}」（{reference}）已由 {actor} 发送。',
    },
    client_update: {
      title: '{reference} 有新的进展',
      body: '事件「{incidentTitle}」有新的进展：{summary}',
    },
    task_assigned: {
      title: '新任务：{task}',
      body: '{actor} 将事件 {reference}（{client}）的任务「{task}」分配给您。',
      many: {
        title: '{count} 项新任务：{reference}',
        body: '{actor} 将事件 {reference}（{client}）的 {count} 项任务分配给您：\n{list}',
      },
    },
    action_overdue: {
      title: '{count} 项改进措施已逾期',
      body: '以下改进措施已过完成期限：\n{list}',
    },
    training_overdue: {
      title: '{count} 项培训已到期未完成',
      body: '以下培训或演练已过下次应完成日期：\n{list}',
    },
  },
  open: '打开记录',
  test: {
    title: '测试消息',
    body: '这是来自 Incident Desk 的测试消息：通知渠道「{channel}」配置正确。',
  },
  emailFooter: '此邮件由 Incident Desk 自动发送。您可以在“通知设置”中调整接收方式（法规时钟的提醒与升级除外）。',
  system: '系统',
};
