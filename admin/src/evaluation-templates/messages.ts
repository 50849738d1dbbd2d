/** Messages of the evaluation criteria templates screens (merged into the app's by i18n/modules.ts). */
export const en = {
  resources: {
    'evaluation-templates': {
      name: 'Evaluation template |||| Evaluation templates',
      fields: {
        id: 'ID',
        type: 'Evaluation type',
        scaleMax: 'Scale (top score)',
        criteria: 'Criteria',
        criteriaCount: 'Criteria',
        createdAt: 'Created at',
        updatedAt: 'Updated at',
      },
    },
  },
  incidentDesk: {
    evaluationTemplates: {
      help: 'New evaluations of this type start with these criteria, unscored. Evaluations already made keep their own criteria.',
      name_zh: 'Name (Chinese)',
      name_en: 'Name (English)',
      weight: 'Weight',
      description_zh: 'What the scale means (Chinese)',
      description_en: 'What the scale means (English)',
      total_weight: 'Total weight: %{total}',
    },
  },
};

export const zhCN = {
  resources: {
    'evaluation-templates': {
      name: '评估模板 |||| 评估模板',
      fields: {
        id: 'ID',
        type: '评估类型',
        scaleMax: '评分标准（满分）',
        criteria: '评估准则',
        criteriaCount: '准则数',
        createdAt: '创建时间',
        updatedAt: '修改时间',
      },
    },
  },
  incidentDesk: {
    evaluationTemplates: {
      help: '新建该类型的评估时以这些准则开始（未评分）。已有评估保留各自的准则。',
      name_zh: '名称（中文）',
      name_en: '名称（英文）',
      weight: '权重',
      description_zh: '评分说明（中文）',
      description_en: '评分说明（英文）',
      total_weight: '权重合计：%{total}',
    },
  },
};
