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
      },
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
      },
    },
  },
};
