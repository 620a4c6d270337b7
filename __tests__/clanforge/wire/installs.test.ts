import { describe, expect, it } from '@jest/globals';
import { highestVersion, INSTALLS, installsOf, MAX_INSTALL_GROUPS } from '../../../src/clanforge/wire/installs.ts';
import { readListing } from '../../helpers/list-reading.ts';

const read = (value: unknown) => readListing(INSTALLS, value);

/** The docs' example row, with values filled in. */
const DOC_ROW = {
  jobid: 9001,
  jobcreated: 1767225600,
  joberror: '',
  jobeta: 1767226200,
  jobfailed: 0,
  jobprogress: 10,
  jobstart: '1767225660',
  jobstateid: 4,
  jobstatename: 'Running',
  jobupdated: 1767225700,
  mirroring: 0,
  restart: 1,
  location: 'Frankfurt',
  machine: 31337,
  imagepath: '/games/my-game',
  install_at: 1767225600,
  mirror: 'eu-mirror-1',
  target_imageversionid: 4243
};

describe('imageinstall/status, read as it streams', () => {
  it('folds the documented rows by target version and image', async () => {
    expect(await read({ installs: [DOC_ROW, { ...DOC_ROW, jobid: 9002, jobcreated: 1767225700 }] })).toEqual({
      listed: true,
      rows: 2,
      skipped: 0,
      groups: [{ targetImageVersionId: 4243, imageId: undefined, count: 2, newestCreated: 1767225700, anyUndated: false }]
    });
  });

  it('reads numbers given as strings, and the image from imageid, image_id, an image id or an image object', async () => {
    const installs = await read({
      installs: [
        { target_imageversionid: ' 4243 ', imageid: '77' },
        { target_imageversionid: 4243, image_id: 77 },
        { target_imageversionid: 4243, image: 77 },
        { target_imageversionid: 4243, image: { imageid: 77, name: 'x' } },
        { target_imageversionid: 4243, image: { id: '77' } },
        { target_imageversionid: 4243, imagepath: '/games/x' }
      ]
    });
    expect(installs.groups.map((g) => [g.targetImageVersionId, g.imageId, g.count, g.anyUndated])).toEqual([
      [4243, 77, 5, true],
      [4243, undefined, 1, true]
    ]);
  });

  it.each([0, -1, 4243.5, '4243.5', 2 ** 53 + 1, 1e21, '9007199254740993', 'abc', null, true, {}])(
    'refuses %p as a version id (ids are safe positive integers)',
    async (value) => {
      expect((await read({ installs: [{ target_imageversionid: value }] })).groups[0]?.targetImageVersionId).toBeUndefined();
    }
  );

  it('takes a map keyed by job id, and drops entries that are not objects', async () => {
    const parsed = await read({
      installs: { '9001': { target_imageversionid: 1 }, '9002': 'x', '9003': { jobid: 42, target_imageversionid: 2 } }
    });
    expect(parsed).toMatchObject({ listed: true, rows: 2, skipped: 1 });
    expect(parsed.groups.map((g) => g.targetImageVersionId)).toEqual([1, 2]);
    expect((await read({ installs: [DOC_ROW, 3, null, 'x'] })).skipped).toBe(3);
  });

  it('tells an empty list (or null) from an answer that lists nothing', async () => {
    expect(await read({ installs: [] })).toEqual({ listed: true, rows: 0, groups: [], skipped: 0 });
    expect(await read({ installs: null })).toEqual({ listed: true, rows: 0, groups: [], skipped: 0 });
    expect(await read({ success: true })).toEqual({ listed: false, rows: 0, groups: [], skipped: 0 });
    expect(await read({ installs: 'none' })).toEqual({ listed: false, rows: 0, groups: [], skipped: 0 });
  });

  it('answers what the action asks: the newest version listed, and how many installs of a version are', async () => {
    const installs = await read({
      installs: [
        ...Array.from({ length: 3 }, () => ({ target_imageversionid: 4243 })),
        { target_imageversionid: 4100, image: 78 },
        { target_imageversionid: 4243, image: 77 }
      ]
    });
    expect(highestVersion(installs)).toBe(4243);
    expect(installsOf(installs, 4243)).toBe(4);
    expect(installsOf(installs, 1)).toBe(0);
    expect(highestVersion(await read({ installs: [{ jobid: 1 }] }))).toBeUndefined();
  });

  it('keeps a row per version and image, not per machine: 20 000 rows are three groups', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ jobid: i + 1, target_imageversionid: 4243 + (i % 3), image: 77 }));
    const installs = await readListing(INSTALLS, { installs: rows }, 64 * 1024);
    expect(installs.rows).toBe(20_000);
    expect(installs.groups.map((g) => g.count)).toEqual([6667, 6667, 6666]);
  });

  it('refuses an answer with more different versions than any fleet installs at once', async () => {
    const rows = Array.from({ length: MAX_INSTALL_GROUPS + 1 }, (_, i) => ({ target_imageversionid: i + 1 }));
    await expect(readListing(INSTALLS, { installs: rows }, 64 * 1024)).rejects.toThrow(
      `it lists more than ${MAX_INSTALL_GROUPS} different versions being installed`
    );
  });
});
