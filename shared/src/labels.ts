import type { Locale } from './enums';

/** Labels for enum values, used by the admin's messages and by server-made documents. */
export const ENUM_LABELS: Record<string, Record<string, Record<Locale, string>>> = {
  role: {
    manager: { 'zh-CN': '事务所经理', en: 'Firm manager' },
    consultant: { 'zh-CN': '顾问', en: 'Consultant' },
    client_admin: { 'zh-CN': '客户管理员', en: 'Client admin' },
  },
  operatorType: {
    cii: { 'zh-CN': '关键信息基础设施运营者', en: 'Critical information infrastructure operator' },
    state_organ: { 'zh-CN': '中央和国家机关', en: 'Central or state organ' },
    other: { 'zh-CN': '其他网络运营者', en: 'Other network operator' },
  },
  clientStatus: {
    active: { 'zh-CN': '服务中', en: 'Active' },
    offboarded: { 'zh-CN': '已终止服务', en: 'Offboarded' },
  },
  auditAction: {
    create: { 'zh-CN': '创建', en: 'Create' },
    update: { 'zh-CN': '修改', en: 'Update' },
    delete: { 'zh-CN': '删除', en: 'Delete' },
    transition: { 'zh-CN': '状态变更', en: 'State change' },
    login: { 'zh-CN': '登录', en: 'Sign-in' },
    logout: { 'zh-CN': '退出', en: 'Sign-out' },
    password_reset: { 'zh-CN': '重置密码', en: 'Password reset' },
  },
};

export function enumChoices(kind: string, locale: Locale): { id: string; name: string }[] {
  return Object.entries(ENUM_LABELS[kind] ?? {}).map(([id, l]) => ({ id, name: l[locale] }));
}
