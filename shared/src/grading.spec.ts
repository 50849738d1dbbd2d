import { completeGradingInputs, EMPTY_GRADING_INPUTS, GRADING_RULES, suggestGrade, validateGradingInputs, type GradingInputs } from './grading';
import type { Grade } from './incident';

const inputs = (patch: Partial<GradingInputs>): GradingInputs => ({ ...EMPTY_GRADING_INPUTS, ...patch });

describe('grading rules', () => {
  it('nothing affected suggests general with no rule matched', () => {
    expect(suggestGrade(EMPTY_GRADING_INPUTS)).toEqual({ grade: 'general', matched: [] });
  });

  /** [what, inputs, expected grade, the most severe rule that matched (null: none)] — each threshold and just below it. */
  const CASES: [string, Partial<GradingInputs>, Grade, string | null][] = [
    // CII interruption: 6 h / 2 h / 30 min, only when a CII is affected
    ['CII down 6 h', { criticalInfrastructureAffected: true, outageHours: 6 }, 'especially_major', 'cii_outage_especially_major'],
    ['CII down 5.99 h', { criticalInfrastructureAffected: true, outageHours: 5.99 }, 'major', 'cii_outage_major'],
    // the final annex (2025): 重大 from 1 h, 较大 from 10 min (the 2023 draft had 2 h and 30 min)
    ['CII down 1 h', { criticalInfrastructureAffected: true, outageHours: 1 }, 'major', 'cii_outage_major'],
    ['CII down 59 min', { criticalInfrastructureAffected: true, outageHours: 59 / 60 }, 'relatively_major', 'cii_outage_relatively_major'],
    ['CII down 10 min', { criticalInfrastructureAffected: true, outageHours: 10 / 60 }, 'relatively_major', 'cii_outage_relatively_major'],
    ['CII down 9 min', { criticalInfrastructureAffected: true, outageHours: 9 / 60 }, 'general', null],
    ['CII affected, no outage', { criticalInfrastructureAffected: true }, 'general', null],
    ['non-CII system down 100 h', { criticalInfrastructureAffected: false, outageHours: 100 }, 'general', null],
    // people affected: 10 million / 1 million / 100,000
    ['10,000,000 people', { peopleAffected: 10_000_000 }, 'especially_major', 'people_especially_major'],
    ['9,999,999 people', { peopleAffected: 9_999_999 }, 'major', 'people_major'],
    ['1,000,000 people', { peopleAffected: 1_000_000 }, 'major', 'people_major'],
    ['999,999 people', { peopleAffected: 999_999 }, 'relatively_major', 'people_relatively_major'],
    ['100,000 people', { peopleAffected: 100_000 }, 'relatively_major', 'people_relatively_major'],
    ['99,999 people', { peopleAffected: 99_999 }, 'general', null],
    // personal information: 100 million / 10 million / 1 million
    ['100,000,000 records', { personalInfoRecords: 100_000_000 }, 'especially_major', 'personal_info_especially_major'],
    ['99,999,999 records', { personalInfoRecords: 99_999_999 }, 'major', 'personal_info_major'],
    ['10,000,000 records', { personalInfoRecords: 10_000_000 }, 'major', 'personal_info_major'],
    ['9,999,999 records', { personalInfoRecords: 9_999_999 }, 'relatively_major', 'personal_info_relatively_major'],
    ['1,000,000 records', { personalInfoRecords: 1_000_000 }, 'relatively_major', 'personal_info_relatively_major'],
    ['999,999 records', { personalInfoRecords: 999_999 }, 'general', null],
    // direct loss: RMB 100 million / 20 million / 5 million
    ['RMB 100,000,000', { directLossRmb: 100_000_000 }, 'especially_major', 'loss_especially_major'],
    ['RMB 99,999,999', { directLossRmb: 99_999_999 }, 'major', 'loss_major'],
    ['RMB 20,000,000', { directLossRmb: 20_000_000 }, 'major', 'loss_major'],
    ['RMB 19,999,999', { directLossRmb: 19_999_999 }, 'relatively_major', 'loss_relatively_major'],
    ['RMB 5,000,000', { directLossRmb: 5_000_000 }, 'relatively_major', 'loss_relatively_major'],
    ['RMB 4,999,999', { directLossRmb: 4_999_999 }, 'general', null],
    // content spread
    ['massive spread', { contentSpread: 'massive' }, 'especially_major', 'content_especially_major'],
    ['wide spread', { contentSpread: 'wide' }, 'major', 'content_major'],
    ['limited spread', { contentSpread: 'limited' }, 'relatively_major', 'content_relatively_major'],
    ['no spread', { contentSpread: 'none' }, 'general', null],
    // core and important data
    ['core data', { coreOrImportantData: 'core' }, 'major', 'data_core'],
    ['important data', { coreOrImportantData: 'important' }, 'relatively_major', 'data_important'],
    ['no such data', { coreOrImportantData: 'none' }, 'general', null],
    // websites unreachable (item 1): 24 h for provincial-or-higher organ portals and central news sites; 6 h / 2 h for
    // prefecture-level-or-higher portals and provincial news sites (a provincial portal is one of those too)
    ['provincial portal down 24 h', { websiteClass: 'province_or_above', websiteUnreachableHours: 24 }, 'especially_major', 'website_especially_major'],
    ['provincial portal down 23.99 h', { websiteClass: 'province_or_above', websiteUnreachableHours: 23.99 }, 'major', 'website_major'],
    ['city portal down 24 h', { websiteClass: 'city_or_above', websiteUnreachableHours: 24 }, 'major', 'website_major'],
    ['city portal down 6 h', { websiteClass: 'city_or_above', websiteUnreachableHours: 6 }, 'major', 'website_major'],
    ['city portal down 5.99 h', { websiteClass: 'city_or_above', websiteUnreachableHours: 5.99 }, 'relatively_major', 'website_relatively_major'],
    ['city portal down 2 h', { websiteClass: 'city_or_above', websiteUnreachableHours: 2 }, 'relatively_major', 'website_relatively_major'],
    ['provincial portal down 2 h', { websiteClass: 'province_or_above', websiteUnreachableHours: 2 }, 'relatively_major', 'website_relatively_major'],
    ['city portal down 1.99 h', { websiteClass: 'city_or_above', websiteUnreachableHours: 1.99 }, 'general', null],
    ['another website down 100 h', { websiteClass: 'none', websiteUnreachableHours: 100 }, 'general', null],
    // shares of a population (item 3): 50 % of one or more provinces; 50 % / 30 % of one or more prefecture-level cities
    ['50 % of a province', { provincePopulationSharePct: 50 }, 'especially_major', 'people_share_province_especially_major'],
    ['49.9 % of a province', { provincePopulationSharePct: 49.9 }, 'general', null],
    ['50 % of a city', { cityPopulationSharePct: 50 }, 'major', 'people_share_city_major'],
    ['49.9 % of a city', { cityPopulationSharePct: 49.9 }, 'relatively_major', 'people_share_city_relatively_major'],
    ['30 % of a city', { cityPopulationSharePct: 30 }, 'relatively_major', 'people_share_city_relatively_major'],
    ['29.9 % of a city', { cityPopulationSharePct: 29.9 }, 'general', null],
    ['100 % of a city', { cityPopulationSharePct: 100 }, 'major', 'people_share_city_major'],
  ];

  it.each(CASES)('%s → %s', (_what, patch, grade, ruleId) => {
    const s = suggestGrade(inputs(patch));
    expect(s.grade).toBe(grade);
    expect(s.matched[0]?.id ?? null).toBe(ruleId);
  });

  it('the cases exercise every rule of the table', () => {
    const exercised = new Set(CASES.map((c) => c[3]).filter((x): x is string => x !== null));
    expect(GRADING_RULES.map((r) => r.id).sort()).toEqual([...exercised].sort());
  });

  it('rule ids are unique', () => {
    const ids = GRADING_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a threshold matches lower grades too: every matched rule is listed, most severe first', () => {
    const s = suggestGrade(inputs({ personalInfoRecords: 20_000_000 }));
    expect(s.matched.map((r) => r.id)).toEqual(['personal_info_major', 'personal_info_relatively_major']);
  });

  it('the most severe grade wins across criteria', () => {
    const s = suggestGrade(inputs({ directLossRmb: 6_000_000, personalInfoRecords: 12_000_000, peopleAffected: 10_000_000 }));
    expect(s.grade).toBe('especially_major');
    expect(s.matched.map((r) => r.id)).toEqual([
      'people_especially_major',
      'people_major',
      'personal_info_major',
      'people_relatively_major',
      'personal_info_relatively_major',
      'loss_relatively_major',
    ]);
  });

  it('a single major criterion lifts an otherwise relatively major incident', () => {
    expect(suggestGrade(inputs({ directLossRmb: 6_000_000, contentSpread: 'wide' })).grade).toBe('major');
    expect(suggestGrade(inputs({ directLossRmb: 6_000_000, coreOrImportantData: 'important' })).grade).toBe('relatively_major');
  });

  it('accepts a corrected table', () => {
    const stricter = GRADING_RULES.map((r) => (r.id === 'loss_relatively_major' ? { ...r, threshold: 1_000_000 } : r));
    expect(suggestGrade(inputs({ directLossRmb: 2_000_000 }), stricter).grade).toBe('relatively_major');
    expect(suggestGrade(inputs({ directLossRmb: 2_000_000 })).grade).toBe('general');
  });

  describe('every rule says where it comes from', () => {
    it.each(GRADING_RULES.map((r) => [r.id, r] as const))('%s', (_id, r) => {
      expect(r.source).toContain('网络安全事件分级指南');
      expect(r.text['zh-CN'].trim()).not.toBe('');
      expect(r.text.en.trim()).not.toBe('');
      // numeric rules have a threshold, enum rules their values
      if (['contentSpread', 'coreOrImportantData'].includes(r.criterion)) expect(r.values?.length).toBeGreaterThan(0);
      else expect(typeof r.threshold).toBe('number');
      // every threshold was checked against the final annex and cites its item
      expect(r.source).not.toContain('to be confirmed');
      expect(r.source).toContain('《国家网络安全事件报告管理办法》');
      expect(r.source).toMatch(/[一二三]、(特别重大|重大|较大) \d/);
    });
  });
});

describe('validateGradingInputs', () => {
  const valid: GradingInputs = {
    criticalInfrastructureAffected: true,
    outageHours: 1.5,
    peopleAffected: 0,
    personalInfoRecords: 12000,
    directLossRmb: 300000,
    contentSpread: 'limited',
    coreOrImportantData: 'important',
  };

  it('accepts complete inputs (extra fields are ignored)', () => {
    expect(validateGradingInputs(valid)).toEqual([]);
    expect(validateGradingInputs(EMPTY_GRADING_INPUTS)).toEqual([]);
    expect(validateGradingInputs({ ...valid, note: 'x' })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, { field: string; message: string }[]]>([
    ['negative hours', { outageHours: -1 }, [{ field: 'outageHours', message: 'must be a non-negative number' }]],
    ['NaN people', { peopleAffected: Number.NaN }, [{ field: 'peopleAffected', message: 'must be a non-negative number' }]],
    ['infinite records', { personalInfoRecords: Number.POSITIVE_INFINITY }, [{ field: 'personalInfoRecords', message: 'must be a non-negative number' }]],
    ['loss as text', { directLossRmb: '5000000' }, [{ field: 'directLossRmb', message: 'must be a non-negative number' }]],
    ['CII flag as text', { criticalInfrastructureAffected: 'true' }, [{ field: 'criticalInfrastructureAffected', message: 'must be true or false' }]],
    ['unknown spread', { contentSpread: 'viral' }, [{ field: 'contentSpread', message: 'must be one of: none, limited, wide, massive' }]],
    ['unknown data level', { coreOrImportantData: 'secret' }, [{ field: 'coreOrImportantData', message: 'must be one of: none, important, core' }]],
    [
      'several at once', { outageHours: null, contentSpread: undefined },
      [{ field: 'outageHours', message: 'must be a non-negative number' }, { field: 'contentSpread', message: 'must be one of: none, limited, wide, massive' }],
    ],
  ])('%s', (_name, patch, problems) => {
    expect(validateGradingInputs({ ...valid, ...patch })).toEqual(problems);
  });

  it('the inputs asked later may be left out (stored gradings and older clients), but not sent wrong', () => {
    const { websiteClass, websiteUnreachableHours, provincePopulationSharePct, cityPopulationSharePct, ...older } = { ...EMPTY_GRADING_INPUTS, ...valid };
    expect([websiteClass, websiteUnreachableHours, provincePopulationSharePct, cityPopulationSharePct]).toEqual(['none', 0, 0, 0]);
    expect(validateGradingInputs(older)).toEqual([]);
    expect(validateGradingInputs({ ...older, websiteClass: null })).toEqual([{ field: 'websiteClass', message: 'must be one of: none, city_or_above, province_or_above' }]);
  });

  it.each<[string, Record<string, unknown>, { field: string; message: string }[]]>([
    ['a share of 100 %', { cityPopulationSharePct: 100, provincePopulationSharePct: 100 }, []],
    ['a share above 100 %', { cityPopulationSharePct: 100.01 }, [{ field: 'cityPopulationSharePct', message: 'must be a percentage from 0 to 100' }]],
    ['a negative share', { provincePopulationSharePct: -1 }, [{ field: 'provincePopulationSharePct', message: 'must be a percentage from 0 to 100' }]],
    ['a share as text', { cityPopulationSharePct: '40' }, [{ field: 'cityPopulationSharePct', message: 'must be a percentage from 0 to 100' }]],
    ['negative website hours', { websiteUnreachableHours: -0.5 }, [{ field: 'websiteUnreachableHours', message: 'must be a non-negative number' }]],
    ['an unknown kind of website', { websiteClass: 'national' }, [{ field: 'websiteClass', message: 'must be one of: none, city_or_above, province_or_above' }]],
  ])('%s', (_name, patch, problems) => {
    expect(validateGradingInputs({ ...valid, ...patch })).toEqual(problems);
  });

  it('completes inputs: an answer left out or undefined is nothing affected; other fields are dropped', () => {
    const sent = { ...valid, websiteClass: undefined, cityPopulationSharePct: 40, note: 'x' } as unknown as Partial<GradingInputs>;
    expect(completeGradingInputs(sent)).toEqual({ ...valid, websiteClass: 'none', websiteUnreachableHours: 0, provincePopulationSharePct: 0, cityPopulationSharePct: 40 });
  });

  it('reports every missing field', () => {
    expect(validateGradingInputs({}).map((p) => p.field)).toEqual([
      'criticalInfrastructureAffected', 'outageHours', 'peopleAffected', 'personalInfoRecords', 'directLossRmb', 'contentSpread', 'coreOrImportantData',
    ]);
  });

  it.each([null, undefined, 42, 'inputs', [valid]])('refuses %j', (x) => {
    expect(validateGradingInputs(x)).toEqual([{ field: 'inputs', message: 'must be an object' }]);
  });
});
