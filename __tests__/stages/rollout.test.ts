import { describe, expect, it } from '@jest/globals';
import { versionRolloutDone } from '../../src/stages/rollout.ts';

const view = (pending: number, failed: number, completed: number) => ({ pending, failed, completed, fleets: [] });

describe('versionRolloutDone', () => {
  it.each([
    ['nothing pending, no install of the version listed', view(0, 0, 40), 0, 0, 'complete'],
    ['nothing pending in the image view, installs of the version still listed (the view lags)', view(0, 0, 40), 12, 0, undefined],
    ['machines pending', view(5, 0, 35), 5, 0, undefined],
    [
      'installs not known for good (imageinstall/status refused, fallen back): the image view alone',
      view(0, 0, 40),
      undefined,
      0,
      'complete'
    ],
    ['more failed than allowed, whatever is listed', view(10, 3, 27), 10, 2, 'failed'],
    ['failures within the limit, done', view(0, 2, 38), 0, 2, 'complete']
  ] as const)('%s', (_name, rollout, versionInstalls, maxFailed, expected) => {
    expect(versionRolloutDone({ rollout, versionInstalls }, maxFailed)).toBe(expected);
  });
});
