/** Messages of the client page's record tabs (merged into the app's by i18n/modules.ts). */
export const en = {
  incidentDesk: {
    clients: {
      tab_details: 'Company',
      tab_trainings: 'Trainings due',
      tab_evaluations: 'Evaluations',
      tab_actions: 'Open actions',
      trainings_overdue: 'Overdue',
      trainings_next30: 'Due in the next 30 days',
      none_overdue: 'No training is overdue',
      none_due: 'No training falls due in the next 30 days',
      none_evaluations: 'No evaluations',
      none_actions: 'No open improvement actions',
      all_trainings: 'All trainings and drills',
      all_evaluations: 'All evaluations',
      all_actions: 'All improvement actions',
    },
  },
};

export const zhCN = {
  incidentDesk: {
    clients: {
      tab_details: '企业信息',
      tab_trainings: '到期培训',
      tab_evaluations: '评估',
      tab_actions: '未完成的改进措施',
      trainings_overdue: '已逾期',
      trainings_next30: '未来 30 天内到期',
      none_overdue: '没有逾期的培训',
      none_due: '未来 30 天内没有到期的培训',
      none_evaluations: '暂无评估',
      none_actions: '没有未完成的改进措施',
      all_trainings: '全部培训与演练',
      all_evaluations: '全部评估',
      all_actions: '全部改进措施',
    },
  },
};
