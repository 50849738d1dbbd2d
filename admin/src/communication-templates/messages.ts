/** Messages of the communication templates (merged into the app's by i18n/modules.ts). */
export const en = {
  resources: {
    'communication-templates': {
      name: 'Communication template |||| Communication templates',
      fields: {
        id: 'ID',
        key: 'Key',
        name: 'Name',
        'name.zh-CN': 'Name (Chinese)',
        'name.en': 'Name (English)',
        audience: 'Audience',
        channel: 'Channel',
        subject: 'Subject',
        'subject.zh-CN': 'Subject (Chinese)',
        'subject.en': 'Subject (English)',
        body: 'Content',
        'body.zh-CN': 'Content (Chinese)',
        'body.en': 'Content (English)',
        builtIn: 'Built in',
        createdAt: 'Created at',
        updatedAt: 'Updated at',
        q: 'Search',
      },
    },
  },
  incidentDesk: {
    communicationTemplates: {
      placeholders: 'Placeholders',
      placeholders_help: 'Write {{placeholder}} where a fact of the incident goes; it is filled in when a communication is made from the template.',
      chinese: 'Chinese',
      english: 'English',
      built_in_help: 'A built-in template: the firm may adapt it; it cannot be deleted.',
      newer_version: 'A newer version of this built-in template exists (corrected legal text). The firm’s edits were kept.',
      upgrade: 'Use the new version',
      upgrade_confirm: 'Replace this template’s text with the new built-in text? The firm’s edits are replaced (the audit log keeps them).',
      upgraded: 'The template now holds the new built-in text',
    },
  },
};

export const zhCN = {
  resources: {
    'communication-templates': {
      name: '沟通模板 |||| 沟通模板',
      fields: {
        id: 'ID',
        key: '标识',
        name: '名称',
        'name.zh-CN': '名称（中文）',
        'name.en': '名称（英文）',
        audience: '对象',
        channel: '渠道',
        subject: '主题',
        'subject.zh-CN': '主题（中文）',
        'subject.en': '主题（英文）',
        body: '内容',
        'body.zh-CN': '内容（中文）',
        'body.en': '内容（英文）',
        builtIn: '内置',
        createdAt: '创建时间',
        updatedAt: '修改时间',
        q: '搜索',
      },
    },
  },
  incidentDesk: {
    communicationTemplates: {
      placeholders: '占位符',
      placeholders_help: '在需要填入事件信息的位置写 {{占位符}}，根据模板创建沟通记录时会自动填写。',
      chinese: '中文',
      english: '英文',
      built_in_help: '内置模板：事务所可以修改，但不能删除。',
      newer_version: '该内置模板已有新版本（法律文本已更正）。事务所的修改已保留。',
      upgrade: '使用新版本',
      upgrade_confirm: '用新的内置文本替换本模板的内容？事务所的修改将被替换（审计日志中保留）。',
      upgraded: '模板已更新为新的内置文本',
    },
  },
};
