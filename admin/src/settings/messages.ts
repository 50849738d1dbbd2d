/** The user menu's entries of the firm settings and two-factor pages (their own texts: texts.ts, loaded with them). */
export const en = {
  incidentDesk: {
    settings: { menu: 'Firm settings' },
    mfa: { menu: 'Two-factor sign-in' },
  },
};

export const zhCN = {
  incidentDesk: {
    settings: { menu: '机构设置' },
    mfa: { menu: '两步验证登录' },
  },
};
