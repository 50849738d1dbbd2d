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
  },
};
