/**
 * Messages of the sign-in page (merged into the app's by i18n/modules.ts). The page also reads them directly: it shows
 * before the rest of the app, react-admin and its messages included, has loaded.
 */
export const en = {
  app: {
    login: {
      title: 'Sign in to Incident Desk',
      email: 'Email',
      password: 'Password',
      sign_in: 'Sign in',
      bad_credentials: 'Wrong email or password',
      throttled: 'Too many attempts. Please wait a moment and try again.',
      http_error: 'The server could not be reached. Please try again.',
      language: 'Language',
      firm: 'Firm code',
      firm_required: 'This address signs in to several firms: %{firms}. Enter the code of the one you want.',
    },
    account: {
      invite_title: 'Set your password',
      reset_title: 'Choose a new password',
      password: 'New password',
      confirm: 'The same again',
      hint: 'At least 12 characters; a phrase of unrelated words is easy to remember',
      submit: 'Save my password',
      done: 'Your password is set. Sign in with it.',
      sign_in: 'Sign in',
      mismatch: 'The two passwords differ',
      bad_link: 'This link is invalid, used or expired: ask for a new one.',
      http_error: 'The server could not be reached. Please try again.',
      problem: {
        too_short: 'At least 12 characters',
        too_long: 'At most 200 characters',
        common: 'Too common: people pick it often. Choose a longer phrase of unrelated words',
        contains_email: 'Must not contain your e-mail address',
      },
    },
  },
};

export const zhCN = {
  app: {
    login: {
      title: '登录事件应急服务台',
      email: '邮箱',
      password: '密码',
      sign_in: '登录',
      bad_credentials: '邮箱或密码错误',
      throttled: '尝试次数过多，请稍后再试。',
      http_error: '无法连接服务器，请重试。',
      language: '语言',
      firm: '机构代码',
      firm_required: '该邮箱可登录多个机构：%{firms}。请填写要登录的机构代码。',
    },
    account: {
      invite_title: '设置您的密码',
      reset_title: '设置新密码',
      password: '新密码',
      confirm: '再次输入',
      hint: '至少 12 个字符；由几个不相关的词组成的短语容易记住',
      submit: '保存密码',
      done: '密码已设置，请用它登录。',
      sign_in: '登录',
      mismatch: '两次输入的密码不一致',
      bad_link: '此链接无效、已使用或已过期，请重新申请。',
      http_error: '无法连接服务器，请重试。',
      problem: {
        too_short: '至少 12 个字符',
        too_long: '最多 200 个字符',
        common: '过于常见，很多人都在用。请换一个由不相关的词组成的更长短语',
        contains_email: '不能包含您的邮箱地址',
      },
    },
  },
};
