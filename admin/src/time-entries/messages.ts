/** Messages of time spent per client (merged into the app's by i18n/modules.ts). Enum labels come from shared/labels.ts. */
export const en = {
  resources: {
    'time-entries': {
      name: 'Time entry |||| Time entries',
      fields: {
        id: 'ID',
        clientId: 'Client',
        incidentId: 'Incident',
        incidentReference: 'Incident',
        userId: 'Member of staff',
        userName: 'Member of staff',
        date: 'Date',
        minutes: 'Minutes',
        activity: 'Activity',
        note: 'Note',
        billable: 'Billable',
        locked: 'Locked',
        date_gte: 'From',
        date_lte: 'Until',
        q: 'Search',
      },
    },
  },
  incidentDesk: {
    timeEntries: {
      me: 'Myself',
      minutes_help: 'At most 1,440 (a day) per entry',
      export: 'Export CSV',
      month: 'Month',
      month_help: 'A month is closed once it has ended: its entries are locked unless a manager reopens it.',
      reopen: 'Reopen the month',
      close: 'Close the month',
      locked: 'This entry is in a closed month: it cannot be changed unless a manager reopens the month.',
      timer_start: 'Start timer',
      timer_stop: 'Stop and log',
      timer_stop_other: 'Stop the timer running on another incident',
      timer_discard: 'Discard',
      timer_logged: '%{minutes} minutes logged',
    },
  },
};

export const zhCN: typeof en = {
  resources: {
    'time-entries': {
      name: '工时 |||| 工时记录',
      fields: {
        id: 'ID',
        clientId: '客户',
        incidentId: '事件',
        incidentReference: '事件',
        userId: '人员',
        userName: '人员',
        date: '日期',
        minutes: '分钟',
        activity: '工作内容',
        note: '备注',
        billable: '计费',
        locked: '已锁定',
        date_gte: '起始日期',
        date_lte: '截止日期',
        q: '搜索',
      },
    },
  },
  incidentDesk: {
    timeEntries: {
      me: '本人',
      minutes_help: '每条最多 1440 分钟（一天）',
      export: '导出 CSV',
      month: '月份',
      month_help: '月份结束即关账：其工时记录被锁定，除非经理重新开放该月。',
      reopen: '重新开放该月',
      close: '关闭该月',
      locked: '该记录所在月份已关账：除非经理重新开放该月，否则不能修改。',
      timer_start: '开始计时',
      timer_stop: '停止并记录',
      timer_stop_other: '停止在其他事件上运行的计时',
      timer_discard: '放弃',
      timer_logged: '已记录 %{minutes} 分钟',
    },
  },
};
