/** Messages of the user screens (merged into the app's by i18n/modules.ts). Roles are labelled in shared/labels.ts. */
export const en = {
  resources: {
    users: {
      name: 'User |||| Users',
      fields: {
        id: 'ID',
        email: 'Email',
        name: 'Name',
        role: 'Role',
        clientId: 'Client company',
        locale: 'Language',
        active: 'Active',
        password: 'Initial password',
        createdAt: 'Created at',
        updatedAt: 'Updated at',
        q: 'Search',
      },
    },
  },
  app: {
    users: {
      reset_password: 'Reset password',
      reset_password_title: 'Reset the password of %{name}',
      reset_password_content: 'The user gets an e-mail with a one-time link (30 minutes) to set a new password; using it signs them out everywhere.',
      new_password: 'New password',
      password_reset_done: 'Reset link sent',
      password_hint: 'At least 12 characters',
    },
    validation: {
      password_length: 'Must be 12 characters at least',
      client_required: 'A client admin belongs to a client company',
    },
  },
};

export const zhCN = {
  resources: {
    users: {
      name: '用户',
      fields: {
        id: 'ID',
        email: '邮箱',
        name: '姓名',
        role: '角色',
        clientId: '所属客户',
        locale: '语言',
        active: '启用',
        password: '初始密码',
        createdAt: '创建时间',
        updatedAt: '更新时间',
        q: '搜索',
      },
    },
  },
  app: {
    users: {
      reset_password: '重置密码',
      reset_password_title: '重置 %{name} 的密码',
      reset_password_content: '该用户将收到一封含一次性链接（30 分钟内有效）的邮件，用于设置新密码；设置后其所有会话都会退出。',
      new_password: '新密码',
      password_reset_done: '重置链接已发送',
      password_hint: '至少 12 个字符',
    },
    validation: {
      password_length: '至少需要 12 个字符',
      client_required: '客户管理员必须属于一家客户公司',
    },
  },
};
