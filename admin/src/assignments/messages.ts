/** Messages of the assignment screens (merged into the app's by i18n/modules.ts). */
export const en = {
  resources: {
    assignments: {
      name: 'Assignment |||| Assignments',
      fields: {
        id: 'ID',
        consultantId: 'Consultant',
        clientId: 'Client',
        createdAt: 'Assigned at',
        primary: 'Primary consultant',
      },
      primary_yes: 'Primary',
      make_primary: 'Make primary',
      primary_set: 'The client\'s primary consultant is changed: its reports go to them',
      primary_help: 'Owns the client\'s reports. Left off, the first consultant assigned to a client is its primary one.',
    },
  },
};

export const zhCN = {
  resources: {
    assignments: {
      name: '顾问分配',
      fields: {
        id: 'ID',
        consultantId: '顾问',
        clientId: '客户',
        createdAt: '分配时间',
        primary: '主责顾问',
      },
      primary_yes: '主责',
      make_primary: '设为主责',
      primary_set: '已更换该客户的主责顾问：客户报告的事件将由其负责',
      primary_help: '负责该客户报告的事件。不勾选时，客户的第一位顾问即为主责顾问。',
    },
  },
};
