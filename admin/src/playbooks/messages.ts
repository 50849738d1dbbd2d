/** Messages of the playbook screens (merged into the app's by i18n/modules.ts). Phase labels come from shared/labels.ts. */
export const en = {
  resources: {
    playbooks: {
      name: 'Playbook |||| Playbooks',
      fields: {
        id: 'ID',
        key: 'Key',
        name: 'Name',
        description: 'Description',
        builtIn: 'Built in',
        tasks: 'Tasks (all / required)',
        copyFromId: 'Copy of',
        createdAt: 'Created at',
        updatedAt: 'Updated at',
      },
    },
  },
  incidentDesk: {
    playbooks: {
      built_in: 'Built in',
      tasks: 'Tasks',
      built_in_help: 'The built-in playbook follows the firm’s incident-response procedure and cannot be changed. Make a copy to adapt it.',
      copy: 'Copy',
      copy_from: 'Copy of',
      copy_help: 'A new playbook starts as a copy of an existing one, tasks included; edit its tasks next.',
      name_zh: 'Name (Chinese)',
      name_en: 'Name (English)',
      description_zh: 'Description (Chinese)',
      description_en: 'Description (English)',
      title_zh: 'Task (Chinese)',
      title_en: 'Task (English)',
      section: 'Section',
      due_hours: 'due %{hours} h after detection',
      due_hours_input: 'Due (hours after detection)',
      phase_count: '%{count} tasks, %{required} required',
    },
  },
};

export const zhCN = {
  resources: {
    playbooks: {
      name: '应急预案 |||| 应急预案',
      fields: {
        id: 'ID',
        key: '标识',
        name: '名称',
        description: '说明',
        builtIn: '内置',
        tasks: '任务（全部 / 必做）',
        copyFromId: '复制自',
        createdAt: '创建时间',
        updatedAt: '更新时间',
      },
    },
  },
  incidentDesk: {
    playbooks: {
      built_in: '内置',
      tasks: '任务',
      built_in_help: '内置预案依据事务所的安全事件应急处置流程编写，不能修改。如需调整，请复制一份。',
      copy: '复制',
      copy_from: '复制自',
      copy_help: '新预案从现有预案复制而来（包括任务），之后再编辑其任务。',
      name_zh: '名称（中文）',
      name_en: '名称（英文）',
      description_zh: '说明（中文）',
      description_en: '说明（英文）',
      title_zh: '任务（中文）',
      title_en: '任务（英文）',
      section: '条目',
      due_hours: '发现后 %{hours} 小时内',
      due_hours_input: '期限（发现后小时数）',
      phase_count: '%{count} 项任务，%{required} 项必做',
    },
  },
};
