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
      mfa_required: 'Enter the 6-digit code of your authenticator app (or a recovery code).',
      invalid_mfa_code: 'That code is wrong or was used already. Enter the current code.',
      mfa_setup_required: 'Your firm requires two-factor sign-in. Scan the QR code with an authenticator app, then enter its code.',
      mfa_setup_help: 'Scan with an authenticator app (or type the key below):',
      mfa_qr: 'QR code of the two-factor secret',
      mfa_code: 'Two-factor code',
      mfa_code_help: '6 digits, or a recovery code',
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
      mfa_required: '请输入身份验证器应用中的 6 位验证码（或一个恢复码）。',
      invalid_mfa_code: '验证码错误或已使用过，请输入当前的验证码。',
      mfa_setup_required: '您所在机构要求两步验证登录。请用身份验证器应用扫描二维码，然后输入其验证码。',
      mfa_setup_help: '请用身份验证器应用扫描（或手动输入下方密钥）：',
      mfa_qr: '两步验证密钥的二维码',
      mfa_code: '两步验证码',
      mfa_code_help: '6 位数字，或一个恢复码',
    },
  },
};
