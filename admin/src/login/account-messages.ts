/**
 * Messages of the pages the account e-mails link to (SetPasswordPage: #/accept-invite, #/reset-password). Apart from
 * the sign-in page's (messages.ts), so that they load with that page's own chunk, not with the first script.
 */
export const en = {
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
};

export const zhCN: typeof en = {
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
};
