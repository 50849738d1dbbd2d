/** Messages used across the app (merged into the app's by i18n/modules.ts). */
export const en = {
  app: {
    locales: {
      zh_CN: 'Chinese',
      en: 'English',
    },
    bulk: {
      done: 'Done: %{done}',
      partly_done: 'Done: %{done}; refused: %{failed} (see which and why)',
      failures_title: 'One record was refused |||| %{smart_count} records were refused',
      open_required: 'A required task of its phase is still open |||| %{smart_count} required tasks of its phase are still open',
      not_allowed: 'Not allowed from its current status',
      forbidden: 'You may not do this',
      not_found: 'Not found',
      selected: '%{smart_count} selected',
    },
    search: {
      open: 'Search (Ctrl+K)',
      placeholder: 'Reference, title, client or subject',
      hint: 'Type at least two characters',
      none: 'Nothing found',
      error: 'The search could not be run',
      incidents: 'Incidents',
      clients: 'Clients',
      communications: 'Communications',
    },
    other_language: {
      show: 'Show the Chinese version too',
      hide: 'Hide the Chinese version',
    },
  },
};

export const zhCN = {
  app: {
    locales: {
      zh_CN: '中文',
      en: '英文',
    },
    bulk: {
      done: '已完成 %{done} 项',
      partly_done: '已完成 %{done} 项，%{failed} 项未能完成（查看原因）',
      failures_title: '%{smart_count} 项未能完成 |||| %{smart_count} 项未能完成',
      open_required: '所在阶段仍有 %{smart_count} 项必做任务未完成 |||| 所在阶段仍有 %{smart_count} 项必做任务未完成',
      not_allowed: '当前状态下不允许此操作',
      forbidden: '您无权执行此操作',
      not_found: '未找到该记录',
      selected: '已选择 %{smart_count} 项 |||| 已选择 %{smart_count} 项',
    },
    search: {
      open: '搜索（Ctrl+K）',
      placeholder: '事件编号、标题、客户或主题',
      hint: '请至少输入两个字',
      none: '没有找到',
      error: '无法执行搜索',
      incidents: '安全事件',
      clients: '客户',
      communications: '沟通记录',
    },
    other_language: {
      show: '同时显示英文版本',
      hide: '隐藏英文版本',
    },
  },
};
