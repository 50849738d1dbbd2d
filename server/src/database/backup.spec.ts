import { segmentRange } from './backup';

describe(segmentRange.name, () => {
  const MB16 = 16 * 1024 * 1024;

  it('names every segment from the first to the last', () => {
    expect(segmentRange('000000010000000000000002', '000000010000000000000004', MB16)).toEqual([
      '000000010000000000000002',
      '000000010000000000000003',
      '000000010000000000000004',
    ]);
  });

  it('carries into the next log id after segment FF (16 MB segments: 256 per id)', () => {
    expect(segmentRange('0000000100000000000000FE', '000000010000000100000001', MB16)).toEqual([
      '0000000100000000000000FE',
      '0000000100000000000000FF',
      '000000010000000100000000',
      '000000010000000100000001',
    ]);
  });

  it('follows the segment size the cluster was made with (64 MB: 64 per id)', () => {
    expect(segmentRange('00000001000000000000003F', '000000010000000100000000', 64 * 1024 * 1024)).toEqual(['00000001000000000000003F', '000000010000000100000000']);
  });

  it('refuses a range across timelines or backwards', () => {
    expect(() => segmentRange('000000010000000000000002', '000000020000000000000003', MB16)).toThrow(/timelines/);
    expect(() => segmentRange('000000010000000000000004', '000000010000000000000002', MB16)).toThrow(/before it starts/);
  });
});
