/**
 * The scale data set's vocabulary: company, person and system names, credit codes, incident titles, categories,
 * natures, grades and statuses with their weights. (Part of the scale generator: see index.ts.)
 */
import { creditCodeCheckCharacter } from '@incident-desk/shared';
import { pick } from './sql';

export const TIME_ZONE = 'Asia/Shanghai';
/** The period the incidents spread over, up to now. */
export const MONTHS = 24;

// names and codes

const CITIES = [
  ['上海', '310115'], ['北京', '110108'], ['杭州', '330106'], ['苏州', '320505'], ['南京', '320106'], ['深圳', '440305'],
  ['广州', '440106'], ['成都', '510107'], ['武汉', '420106'], ['天津', '120116'], ['宁波', '330212'], ['合肥', '340104'],
] as const;
const BRANDS = [
  '华信', '金桥', '瑞丰', '恒通', '中诚', '远景', '博源', '同创', '启明', '鼎盛', '汇智', '宏达', '联科', '新阳', '海纳', '云帆',
  '正元', '嘉禾', '安泰', '东方', '泰和', '明德', '星河', '天成', '九州', '润泽', '长风', '弘毅', '卓越', '凯旋', '至诚', '祥云',
  '文澜', '青松', '朗润', '景行', '致远', '和光', '清源', '晨曦', '宇航', '百川', '万象', '信诚', '德润', '盛世', '方圆', '锦程',
];
const INDUSTRIES = [
  ['科技', '信息技术'], ['软件', '信息技术'], ['网络', '信息技术'], ['数据服务', '信息技术'], ['物流', '物流'], ['医疗器械', '医疗器械'],
  ['融资租赁', '金融服务'], ['商业保理', '金融服务'], ['电子商务', '电子商务'], ['跨境贸易', '电子商务'], ['新能源', '能源'],
  ['环保科技', '环保'], ['教育科技', '教育'], ['文化传媒', '文化传媒'], ['餐饮管理', '餐饮'], ['生物医药', '生物医药'],
  ['精密制造', '制造业'], ['汽车零部件', '制造业'], ['建筑设计', '建筑'], ['人力资源', '商务服务'],
] as const;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '晓东', '思远', '雨桐'];
export const DEPARTMENTS = ['信息技术部', '财务部', '人力资源部', '市场部', '法务合规部', '客户服务部', '运营部', '行政部'];
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export const personName = (n: number) => SURNAMES[n % SURNAMES.length] + GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length];

export function companyName(i: number): { name: string; industry: string; division: string } {
  const city = CITIES[i % CITIES.length];
  const brand = BRANDS[Math.floor(i / CITIES.length) % BRANDS.length];
  const ind = INDUSTRIES[Math.floor(i / (CITIES.length * BRANDS.length)) % INDUSTRIES.length];
  const round = Math.floor(i / (CITIES.length * BRANDS.length * INDUSTRIES.length));
  return { name: `${city[0]}${brand}${ind[0]}${round ? `第${round + 1}` : ''}有限公司`, industry: ind[1], division: city[1] };
}

/** A valid unified social credit code, unique per (salt, i). */
export function scaleCreditCode(salt: number, i: number, division: string): string {
  let x = salt * 10_000_000 + i;
  let org = '';
  for (let k = 0; k < 9; k++) {
    org += CREDIT_ALPHABET[x % 31];
    x = Math.floor(x / 31);
  }
  const first17 = `91${division}${org}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

export const SLA = {
  acknowledgeHours: { especially_major: 1, major: 2, relatively_major: 4, general: 8 },
  resolveHours: { especially_major: 24, major: 72, relatively_major: 120, general: 240 },
};

// incident content

export const CATEGORY_WEIGHTS = [
  ['malware', 18], ['network_attack', 20], ['data_security', 22], ['information_content_security', 4], ['equipment_facility_failure', 10],
  ['violation_of_operating_rules', 8], ['security_hazard', 7], ['abnormal_behaviour', 6], ['force_majeure', 1], ['other', 4],
] as const;
export const TITLES: Record<string, string[]> = {
  malware: ['勒索软件加密文件', '终端发现木马程序', '挖矿程序占用服务器资源', '邮件附件携带恶意宏', '蠕虫在内网横向传播'],
  network_attack: ['DDoS 攻击导致服务中断', '撞库攻击登录入口', 'Web 应用遭 SQL 注入', '对外接口被异常扫描', 'VPN 账号被暴力破解'],
  data_security: ['客户数据疑似外泄', '数据库备份文件暴露在公网', '员工违规导出客户名单', '对象存储桶权限配置错误', '个人信息被非授权访问'],
  information_content_security: ['官网页面被篡改', '公众号发布不当内容', '论坛出现违法信息'],
  equipment_facility_failure: ['机房空调故障导致停机', '存储阵列磁盘故障', '核心交换机宕机', '电力中断影响业务系统'],
  violation_of_operating_rules: ['运维人员误删生产数据', '未经审批的配置变更', '共享账号违规使用'],
  security_hazard: ['发现高危漏洞未修补', '弱口令大量存在', '过期证书仍在使用'],
  abnormal_behaviour: ['非工作时间异常登录', '大量异常外发流量', '账号权限异常提升'],
  force_majeure: ['暴雨导致机房进水', '台风影响数据中心供电'],
  other: ['第三方供应商安全事件', '合作方系统异常影响业务'],
};
export const SYSTEMS = ['财务系统', 'OA 办公系统', '客户关系管理系统', '官网', '邮件服务器', 'ERP 系统', '数据仓库', '生产网络', '移动应用', '云主机', '人事系统', '电商平台'];
export const NATURE_WEIGHTS = [['external_attack', 40], ['system_vulnerability', 20], ['human_error', 20], ['internal_attack', 5], ['unknown', 15]] as const;
export const GRADE_WEIGHTS = [['especially_major', 3], ['major', 10], ['relatively_major', 22], ['general', 65]] as const;
export const STATUS_RANK_SQL = `case status when 'reported' then 0 when 'triage' then 1 when 'responding' then 2 when 'recovering' then 3
  when 'investigating' then 4 when 'follow_up' then 5 when 'closed' then 6 else 1 end`;
export const PREVIOUS_STATUS_SQL = `case status when 'responding' then 'triage' when 'recovering' then 'responding' when 'investigating' then 'recovering'
  when 'follow_up' then 'investigating' when 'closed' then 'follow_up' when 'dismissed' then 'triage' else 'reported' end`;

/** The newest incidents of a firm, newest first, go through every state, so that every screen has one to show. */
export const LIFECYCLE = ['reported', 'triage', 'responding', 'recovering', 'investigating', 'follow_up', 'closed', 'dismissed'];

/** Status by age: old incidents are mostly closed, the last week's spread over every phase. */
export const STATUS_SQL = `(case
  when age_d > 90 then ${pick('rs', [['closed', 93], ['dismissed', 6], ['follow_up', 1]])}
  when age_d > 30 then ${pick('rs', [['closed', 75], ['dismissed', 6], ['follow_up', 10], ['investigating', 5], ['recovering', 4]])}
  when age_d > 7 then ${pick('rs', [['closed', 40], ['dismissed', 6], ['follow_up', 20], ['investigating', 14], ['recovering', 10], ['responding', 10]])}
  else ${pick('rs', [['closed', 10], ['dismissed', 5], ['follow_up', 10], ['investigating', 10], ['recovering', 15], ['responding', 25], ['triage', 20], ['reported', 5]])}
end)`;
